#!/bin/sh
exec java -Xmx128m -cp '/opt/kafka/libs/*' -Dlog4j2.level=warn org.apache.kafka.tools.TopicCommand "$@"
