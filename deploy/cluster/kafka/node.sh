#!/bin/sh
# One node of the three-node KRaft cluster (broker and controller), run in jobpeak/kafka.
# Environment: KAFKA_NODE_ID (1-3), KAFKA_EXTERNAL_PORT (the port published on the host),
# KAFKA_ADMIN_PASSWORD (the inter-broker/admin principal), KAFKA_SCRAM_USERS ("name=password …",
# written into the metadata log when the storage is formatted), KAFKA_HEAP (JVM heap flags).
set -eu
state=/var/lib/kafka/cluster
conf="$state/server.properties"
mkdir -p "$state/data"
admin_password="$KAFKA_ADMIN_PASSWORD"
cat > "$conf" <<PROPERTIES
process.roles=broker,controller
node.id=$KAFKA_NODE_ID
controller.quorum.voters=1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093
controller.listener.names=CONTROLLER
inter.broker.listener.name=INTERNAL
listeners=INTERNAL://0.0.0.0:9092,CONTROLLER://0.0.0.0:9093,EXTERNAL://0.0.0.0:9094
advertised.listeners=INTERNAL://kafka-$KAFKA_NODE_ID:9092,EXTERNAL://127.0.0.1:$KAFKA_EXTERNAL_PORT
listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,INTERNAL:SASL_PLAINTEXT,EXTERNAL:SASL_PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.internal.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$admin_password";
listener.name.external.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$admin_password" user_admin="$admin_password";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:admin
allow.everyone.if.no.acl.found=false
auto.create.topics.enable=false
num.partitions=3
default.replication.factor=3
min.insync.replicas=2
unclean.leader.election.enable=false
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
share.coordinator.state.topic.replication.factor=3
share.coordinator.state.topic.min.isr=2
group.initial.rebalance.delay.ms=0
log.dirs=$state/data
log.retention.hours=168
PROPERTIES

# shellcheck disable=SC2086 # KAFKA_HEAP holds several flags
java_flags="${KAFKA_HEAP:--Xms256m -Xmx768m} -XX:+UseG1GC -Xshare:auto \
 -Dlog4j2.configurationFile=/etc/kafka/log4j2.properties -Dkafka.logs.dir=$state"

if [ ! -f "$state/data/meta.properties" ]; then
  set -- --add-scram "SCRAM-SHA-512=[name=admin,password=$admin_password]"
  for user in ${KAFKA_SCRAM_USERS:-}; do
    set -- "$@" --add-scram "SCRAM-SHA-512=[name=${user%%=*},password=${user#*=}]"
  done
  # shellcheck disable=SC2086
  java $java_flags -cp '/opt/kafka/libs/*' kafka.tools.StorageTool \
    format -t "$KAFKA_CLUSTER_ID" -c "$conf" "$@" > /dev/null
fi
# shellcheck disable=SC2086
exec java $java_flags -cp '/opt/kafka/libs/*' kafka.Kafka "$conf"
