# Writes the man page (gzipped) and the bash/zsh/fish completions into OUT, each printed by
# the built kalypsoc (KALYPSOC) from its own command table.
file(MAKE_DIRECTORY ${OUT})
execute_process(COMMAND ${KALYPSOC} man OUTPUT_FILE ${OUT}/kalypsoc.1 COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND gzip -9nf ${OUT}/kalypsoc.1 COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${KALYPSOC} completion bash OUTPUT_FILE ${OUT}/kalypsoc.bash COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${KALYPSOC} completion zsh OUTPUT_FILE ${OUT}/_kalypsoc COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${KALYPSOC} completion fish OUTPUT_FILE ${OUT}/kalypsoc.fish COMMAND_ERROR_IS_FATAL ANY)
