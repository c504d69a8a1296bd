# A CI image with kalypsoc on PATH (for `language: docker_image` pre-commit hooks and CI
# jobs): built from this tree on Debian, installed from the .deb `make package` produces.
#   docker build -t kalypsoc .
#   docker run --rm -v "$PWD:/src" -w /src kalypsoc check
FROM debian:bookworm AS build
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      cmake g++ make git ca-certificates libyaml-cpp-dev libjsonnet-dev nlohmann-json3-dev libcli11-dev \
      doctest-dev \
    && rm -rf /var/lib/apt/lists/*
COPY . /src
WORKDIR /src
RUN cmake -S . -B /build -DCMAKE_BUILD_TYPE=Release \
    && cmake --build /build -j"$(nproc)" --target kalypsoc kalypso_docs \
    && cd /build && cpack -G DEB

FROM debian:bookworm-slim
COPY --from=build /build/kalypsoc_*.deb /tmp/
RUN apt-get update && apt-get install -y --no-install-recommends git /tmp/kalypsoc_*.deb \
    && rm -rf /var/lib/apt/lists/* /tmp/kalypsoc_*.deb
# The repository is mounted here; git needs to trust it to find the repository root.
RUN git config --system --add safe.directory '*'
WORKDIR /src
ENTRYPOINT ["kalypsoc"]
