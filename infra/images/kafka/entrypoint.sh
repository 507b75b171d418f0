#!/bin/bash
# Writes server.properties from the environment as apache/kafka does (KAFKA_LOG_DIRS -> log.dirs;
# "__" stands for "_" and "___" for "-"; the same JVM and logging variables are not properties),
# formats the log directory once, then runs the broker.
set -euo pipefail
config=/opt/kafka/config/server.properties
: > "$config"
not_properties='^KAFKA_(VERSION|HEAP_OPTS|OPTS|LOG4J_OPTS|JMX_OPTS|JMX_HOSTNAME|JVM_PERFORMANCE_OPTS|GC_LOG_OPTS|LOG4J_ROOT_LOGLEVEL|LOG4J_LOGGERS|TOOLS_LOG4J_LOGLEVEL)$'
for name in $(compgen -e | grep '^KAFKA_' | grep -Ev "$not_properties"); do
  key=${name#KAFKA_}
  key=${key,,}
  key=${key//___/-}
  key=${key//__/@}
  key=${key//_/.}
  key=${key//@/_}
  printf '%s=%s\n' "$key" "${!name}" >> "$config"
done
log_dirs=$(sed -n 's/^log\.dirs=//p' "$config")
if [ -z "$log_dirs" ]; then
  log_dirs=/var/lib/kafka/data
  echo "log.dirs=$log_dirs" >> "$config"
fi
classpath='/opt/kafka/libs/*'
if [ ! -f "${log_dirs%%,*}/meta.properties" ]; then
  java -cp "$classpath" kafka.tools.StorageTool format --ignore-formatted \
    -t "${CLUSTER_ID:-5L6g3nShT-eMCtK--X86sw}" -c "$config" > /dev/null
fi
exec java ${KAFKA_HEAP_OPTS:--Xms256m -Xmx1g} ${KAFKA_JVM_PERFORMANCE_OPTS:--XX:+UseG1GC -Djava.awt.headless=true} \
  ${KAFKA_JMX_OPTS:-} ${KAFKA_OPTS:-} \
  -Dlog4j2.configurationFile=/opt/kafka/config/log4j2.properties -cp "$classpath" kafka.Kafka "$config"
