// The fleet-rings stack written in Jsonnet: the same fleet, the same tree (twin).
{
  "stack": "fleet-rings",
  "repo": {
    "url": "https://example.org/gitops.git"
  },
  "environments": [
    {
      "name": "platform"
    },
    {
      "name": "dev"
    },
    {
      "name": "prod",
      "maxUpdate": "50%"
    }
  ],
  "clusters": {
    "hub": {
      "environment": "platform",
      "server": "https://kubernetes.default.svc",
      "ingressDomain": "hub.example.com"
    },
    "dev-1": {
      "environment": "dev",
      "server": "https://10.1.0.1:6443",
      "labels": {
        "region": "eu"
      }
    },
    "prod-eu": {
      "environment": "prod",
      "server": "https://10.2.0.1:6443",
      "labels": {
        "region": "eu"
      }
    },
    "prod-us": {
      "environment": "prod",
      "name": "prod-us",
      "labels": {
        "region": "us"
      },
      "clusterDomain": "us.local"
    }
  },
  "components": {
    "minio": {
      "kind": "minio",
      "placement": {
        "clusters": [
          "hub"
        ]
      },
      "credentials": {
        "secret": "minio-root"
      }
    },
    "loki": {
      "kind": "loki",
      "placement": {
        "clusters": [
          "hub"
        ]
      },
      "storage": "minio",
      "expose": {
        "push": {
          "host": "loki.{ingressDomain}",
          "port": 443,
          "scheme": "https"
        }
      }
    },
    "grafana": {
      "kind": "grafana",
      "placement": {
        "environments": [
          "platform"
        ]
      },
      "datasources": [
        "loki"
      ]
    },
    "agent": {
      "kind": "helm",
      "chart": {
        "name": "agent",
        "repo": "https://example.org/charts",
        "version": "1.0.0"
      },
      "placement": {
        "environments": [
          "dev",
          "prod"
        ]
      },
      "exports": {
        "http": {
          "service": "{fullname}",
          "port": 8080
        }
      },
      "values": {
        "logs": "${loki.push.url}",
        "self": "${agent.http.url}",
        "level": "info"
      },
      "environments": {
        "prod": {
          "values": {
            "level": "warn"
          },
          "chart": {
            "version": "1.1.0"
          }
        }
      },
      "clusters": {
        "prod-us": {
          "values": {
            "level": "error"
          }
        }
      }
    },
    "cache": {
      "kind": "helm",
      "chart": {
        "name": "cache",
        "repo": "https://example.org/charts",
        "version": "2.0.0"
      },
      "placement": {
        "labels": {
          "region": "eu"
        }
      },
      "clusters": {
        "prod-eu": {
          "enabled": false
        }
      }
    }
  }
}
