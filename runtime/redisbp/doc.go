// Package redisbp is a runtime.Backplane on Redis, so that several server
// processes share their topics: an event published on one node reaches the
// subscribers of every node, in the same order, with ids every node knows.
//
// # Storage: one Redis Stream per topic
//
// Each topic is the stream <prefix>:s:{<topic>}. Publishing runs one Lua
// script that appends the event (XADD with an id chosen by Redis), trims
// the history by count (MAXLEN) and age (MINID), and announces the event on
// Pub/Sub, all atomically. Ids are Redis stream ids "<ms>-<seq>":
// increasing within a topic, the same on every node, and kept across
// restarts of a node.
//
// Trimming is approximate ("~"): Redis drops whole blocks of old entries
// (up to stream-node-max-entries, 100 by default), so a topic keeps at
// least MaxLen events and at least those younger than MaxAge, and a block
// more at times. Exact trimming would hold the bounds to the entry but
// leaves deleted entries in the oldest block that every later trim and
// read of the oldest entry steps over: on Redis 7.0 it more than doubled
// the Redis time of a publish to a full topic (INFO commandstats, about
// 45µs against 20µs).
//
// Since(topic, id) reads the history after id (XRANGE with an exclusive
// start) and XINFO STREAM in one MULTI, and accepts id only when nothing
// after it can have been trimmed: id is at or after the oldest kept entry
// and not beyond the last id handed out, or id is 0-0 and nothing was ever
// trimmed (entries-added equals the length). An id older than the oldest
// kept entry is refused, whether its successors were trimmed or it never
// was an id of this stream (one from before Redis lost its data and the
// stream began again), so a client resynchronises instead of silently
// missing events. The price is that a client positioned exactly on the
// newest trimmed entry resynchronises although it missed nothing.
//
// Latest (runtime.LatestIDer) gives the stream's last id, or 0-0 for a
// topic with no events, so a client that connected before any event
// resumes from the start of the topic.
//
// A stream is given a time to live of MaxAge at each publish: a topic that
// is silent that long is forgotten (all of its entries would be past MaxAge
// anyway), and a client resuming it is told to resynchronise.
//
// # Delivery: one Pub/Sub connection per node
//
// Each node holds one Pub/Sub connection, whatever the number of topics: it
// subscribes there to the notification channel <prefix>:n:{<topic>} of every
// topic that has a local subscriber, and unsubscribes when the last one
// leaves. A notification carries the event whole together with the id of
// the event before it in the stream, so in the usual case a node delivers
// it without reading Redis again. Pub/Sub is only a wake-up, though, never
// the source of truth: each followed topic remembers the last id it
// delivered, and whenever a notification does not follow on from it, a
// notification queue overflows, or the (re)subscription of the topic is
// confirmed, the node reads the stream from that id (XRANGE). Order
// therefore comes from the stream, nothing is delivered twice, and nothing
// is lost when Pub/Sub messages are: after Redis or the connection comes
// back, every topic catches up from its last delivered id.
//
// Blocking XREAD on many streams was the alternative. It needs a connection
// per batch of streams that is blocked in a read, has to be restarted to
// change the set of streams, and sends every event to each node as a read
// reply, so a node would need several connections and restarts as topics
// come and go. Pub/Sub changes subscriptions on a live connection, pushes
// with no polling, and the catch-up read covers what Pub/Sub alone would
// lose.
//
// Each followed topic has one goroutine that calls the subscribers'
// deliver functions one event at a time, so a slow topic delays no other.
// Publish, Since and catch-up reads use the client's connection pool; the
// Pub/Sub connection is health-checked with PING when idle and replaced,
// with backoff, when it fails.
//
// # Faults
//
// Publish returns an error when Redis cannot store the event. Commands are
// not retried by default, because a publish whose reply was lost may have
// been stored, and retrying would store it twice (the caller decides).
//
// While Redis is unreachable, local subscriptions stay in place (the hub's
// heartbeats go on). Subscribe works for topics this node already follows
// and fails for new ones, at once while the Pub/Sub connection knows Redis
// to be down. When Redis is back, the Pub/Sub connection is re-established
// and every followed topic catches up from its last delivered id, so each
// node gets what the others published meanwhile. A restarted node loses
// nothing still in the history: clients resume with their Last-Event-ID
// through Since.
//
// A node that falls behind a topic by more than its history (cut off from
// Pub/Sub while others publish more than MaxLen events) cannot deliver
// what was trimmed; runtime.Backplane has no way to tell live subscribers
// of such a gap, so it is logged, and the clients learn of it only when
// they next resume.
//
// # Presence and closing across nodes
//
// Backplane implements runtime.ClusterBackplane, so a hub on it counts
// subscribers, and closes channels, on every node. Each node stores its
// own count of a topic in the topic's hash <prefix>:p:{<topic>} (node id
// to count), with a script that also bumps a version and returns the sum;
// changes are gathered for PresenceInterval, so a burst of connects and
// disconnects costs one script per topic and one announcement per node on
// the channel <prefix>:cluster. Every node keeps the announced totals
// (newest version wins, since announcements of two nodes may cross) and
// reports changes to OnPresence; after its Pub/Sub connection returns it
// stores its own counts again (Redis may have lost them: a restart, a
// failover) and reads the totals it holds again.
//
// Each node renews its entry in the sorted set <prefix>:nodes (scored by
// when it expires) every NodeTTL/3. Every node also looks for expired
// entries, and removes a dead node's counts topic by topic, using the set
// <prefix>:pn:<node> of topics it counted: a SIGKILLed node stops counting
// within NodeTTL + NodeTTL/3 (default 15s + 5s). A node that closes its
// backplane removes its counts at once. A node that stalled past NodeTTL
// and was taken for dead stores its counts again at its next heartbeat.
//
// CloseTopic records the close in the sorted set <prefix>:closed (scored by
// when it ends: CloseTTL, default 24h) and announces it with the final
// event: every node ends its connections of the topic after that event and
// answers 204 to new subscribers until ReopenTopic or CloseTTL. A node
// reads the closes when it joins and after each reconnection; a node that
// missed the announcement itself refuses new subscribers but keeps the
// connections it had.
//
// These use a second Pub/Sub connection per node, opened only when a hub
// joins.
//
// # Redis Cluster
//
// A redis+cluster://host:port[,host:port...] URL runs the backplane on a
// Redis Cluster through go-redis's ClusterClient; a redis:// URL stays on
// one server. Every key and channel of a topic carries the topic as its
// hash tag ({<topic>}), so they share a slot: the publish script, the
// history read and the presence script each touch one slot. Notes go out
// with SPUBLISH (sharded Pub/Sub), which stays on the shard that owns the
// slot instead of crossing the cluster bus to every node; a node listens
// with SSUBSCRIBE on one connection per master that owns a topic it
// follows. When that connection fails, or Redis unsubscribes a channel
// because its slot moved, the node reloads the cluster's layout, moves
// the topics to their new masters, and each topic catches up from its
// last delivered id, as after a Redis restart. Presence and closes go over
// ordinary Pub/Sub on one channel, which the cluster copies to every node.
//
// Connections per node: to each master, the client's pool (pool_size,
// default 10 per GOMAXPROCS), its pipeline pool (pipeline_pool_size,
// default 10) and one sharded Pub/Sub connection while the node follows a
// topic of that shard; plus one Pub/Sub connection for presence and
// closes. None goes to replicas.
//
// Redis replicates asynchronously. Publish returns once the master has
// stored and announced the event, before any replica has it: when the
// master fails just then, the replica that takes over may lack the last
// events acknowledged. Nothing then goes out of order or is skipped in
// silence (a client that saw such an event resumes after it, or gets a
// resync; the others never see it), but the event is gone. Set
// Config.WaitReplicas to make Publish wait for replicas (WAIT) on the
// master's connection; measured on a 3-master cluster on loopback, a
// sequential publish took 1.3 to 9.2 times as long with one replica
// (median 2.8 over three runs of TestClusterWaitReplicasCost on a busy
// 2-core machine: the wait is mostly for the replica process to be
// scheduled and answer). A replica promoted after a failover has
// no replica of its own until the failed node returns, so publishes to its
// slots report ErrNotReplicated meanwhile.
//
// Requires Redis 7.0 or newer (exclusive ranges, entries-added in XINFO
// STREAM, sharded Pub/Sub).
package redisbp
