package redisbp

import (
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// Defaults for the zero values of Config.
const (
	DefaultPrefix  = "ssegen"
	DefaultMaxLen  = 1000
	DefaultMaxAge  = 24 * time.Hour
	DefaultTimeout = 5 * time.Second

	DefaultNodeTTL          = 15 * time.Second
	DefaultPresenceInterval = 100 * time.Millisecond
	DefaultCloseTTL         = 24 * time.Hour
)

// Config configures a Backplane. Only URL is required.
type Config struct {
	// URL locates Redis: redis://[user:password@]host:port/db for one
	// server, or rediss:// for TLS. Query parameters tune the client as
	// redis.ParseURL documents (dial_timeout, pool_size, ...).
	//
	// redis+cluster://[user:password@]host:port[,host:port...] (or
	// rediss+cluster:// for TLS) is a Redis Cluster, found through any of
	// the seed nodes listed; query parameters tune it as
	// redis.ParseClusterURL documents (pool_size is then per node).
	URL string
	// Prefix begins every key and channel the backplane uses, so that
	// several applications can share one Redis. Default "ssegen".
	Prefix string
	// MaxLen is how many events each topic keeps, at least, for resuming
	// clients (Redis trims whole blocks, so a few more may stay).
	// Default 1000.
	MaxLen int64
	// MaxAge is how long a topic keeps an event, at least, for resuming
	// clients; a negative value keeps events until MaxLen evicts them. A
	// topic silent for MaxAge is dropped. Default 24h. Ages are measured
	// by the Redis server's clock.
	MaxAge time.Duration
	// Timeout bounds the Redis work of Subscribe and of catching up, which
	// have no context of their own. Default 5s.
	Timeout time.Duration
	// TLS, if set, is the TLS configuration for a rediss:// URL, for
	// example with RootCAs for a private CA or client certificates; its
	// ServerName defaults to the URL's host. Without it a rediss:// URL
	// verifies the server against the system's roots. Setting it with a
	// redis:// URL is an error.
	TLS *tls.Config
	// NodeTTL is how long a node counts in presence without a heartbeat:
	// a node that dies without closing its backplane stops counting
	// within NodeTTL and a third of it (the heartbeat period, in which
	// some live node notices). Default 15s; 100ms at least.
	NodeTTL time.Duration
	// PresenceInterval is the shortest time between two updates of this
	// node's presence counts in Redis: changes within it are coalesced
	// into one update and one announcement. Default 100ms.
	PresenceInterval time.Duration
	// PresenceStreams, if not nil, limits presence across nodes to the
	// topics of these streams; a hub counts the topics of other streams
	// in its own process only, which costs Redis nothing. Counting every
	// per-user channel of a large fleet on every node is what presence
	// costs most (docs/scaling.md). Nil counts every stream's topics.
	PresenceStreams []string
	// CloseTTL is how long a channel closed by Hub.CloseChannel stays
	// closed on every node unless reopened first. Default 24h.
	CloseTTL time.Duration
	// WaitReplicas, if above zero, makes Publish wait until that many
	// replicas of the topic's shard have the event (Redis WAIT), for at
	// most WaitTimeout. Redis replicates asynchronously: without it, an
	// event acknowledged just before its master fails may be missing from
	// the replica that takes over. With it, Publish returns an error
	// wrapping ErrNotReplicated when fewer replicas confirmed in time (the
	// event is stored and delivered all the same, and may be lost with
	// its master). Default 0: do not wait.
	WaitReplicas int
	// WaitTimeout bounds the wait for replicas. Default 1s.
	WaitTimeout time.Duration
	// Logger reports lost Pub/Sub connections and histories that were
	// trimmed before a node could read them. Default: discard.
	Logger *slog.Logger

	// pingAfter is how long the Pub/Sub connection may be silent before a
	// PING (defaultPingAfter); tests shorten it.
	pingAfter time.Duration
}

// withDefaults checks c and fills in its zero values.
func (c Config) withDefaults() (Config, error) {
	if c.URL == "" {
		return c, errors.New("redisbp: Config.URL is empty; want redis://host:port or rediss://host:port")
	}
	if c.Prefix == "" {
		c.Prefix = DefaultPrefix
	}
	if strings.ContainsAny(c.Prefix, "{}") {
		return c, fmt.Errorf("redisbp: Config.Prefix %q contains a brace; the topic is each key's hash tag", c.Prefix)
	}
	switch {
	case c.WaitReplicas < 0:
		return c, fmt.Errorf("redisbp: Config.WaitReplicas is %d; want 0 or more", c.WaitReplicas)
	case c.WaitTimeout < 0:
		return c, fmt.Errorf("redisbp: Config.WaitTimeout is %v; want a positive duration", c.WaitTimeout)
	case c.WaitTimeout == 0:
		c.WaitTimeout = time.Second
	}
	switch {
	case c.MaxLen < 0:
		return c, fmt.Errorf("redisbp: Config.MaxLen is %d; want 1 or more (0 for the default %d)", c.MaxLen, DefaultMaxLen)
	case c.MaxLen == 0:
		c.MaxLen = DefaultMaxLen
	}
	switch {
	case c.MaxAge == 0:
		c.MaxAge = DefaultMaxAge
	case c.MaxAge > 0 && c.MaxAge < time.Millisecond:
		return c, fmt.Errorf("redisbp: Config.MaxAge is %v; want 1ms or more, or negative for no age limit", c.MaxAge)
	}
	switch {
	case c.Timeout < 0:
		return c, fmt.Errorf("redisbp: Config.Timeout is %v; want a positive duration", c.Timeout)
	case c.Timeout == 0:
		c.Timeout = DefaultTimeout
	}
	switch {
	case c.NodeTTL == 0:
		c.NodeTTL = DefaultNodeTTL
	case c.NodeTTL < 100*time.Millisecond:
		return c, fmt.Errorf("redisbp: Config.NodeTTL is %v; want 100ms or more", c.NodeTTL)
	}
	switch {
	case c.PresenceInterval == 0:
		c.PresenceInterval = DefaultPresenceInterval
	case c.PresenceInterval < 0:
		return c, fmt.Errorf("redisbp: Config.PresenceInterval is %v; want a positive duration", c.PresenceInterval)
	}
	switch {
	case c.CloseTTL == 0:
		c.CloseTTL = DefaultCloseTTL
	case c.CloseTTL < time.Millisecond:
		return c, fmt.Errorf("redisbp: Config.CloseTTL is %v; want 1ms or more", c.CloseTTL)
	}
	if c.pingAfter <= 0 {
		c.pingAfter = defaultPingAfter
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c, nil
}

// clientOptions turns the URL into go-redis options.
func (c Config) clientOptions() (*redis.Options, error) {
	opts, err := redis.ParseURL(c.URL)
	if err != nil {
		return nil, urlError(err)
	}
	if c.TLS != nil {
		if opts.TLSConfig == nil {
			return nil, errors.New("redisbp: Config.TLS is set but Config.URL is not rediss://")
		}
		opts.TLSConfig = c.tlsOver(opts.TLSConfig)
	}
	// A publish whose reply is lost may still have been stored, so an
	// automatic retry could store the event twice. Retry only when the URL
	// asks for it.
	if u, err := url.Parse(c.URL); err == nil && !u.Query().Has("max_retries") {
		opts.MaxRetries = -1
	}
	return opts, nil
}

// urlError reports a URL that go-redis refused. url.Error repeats the URL,
// password included: keep only the cause.
func urlError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return fmt.Errorf("redisbp: Config.URL: %w", err)
}

// tlsOver is Config.TLS completed by what the URL said: its host as the
// server name when TLS names none, and its skip_verify (go-redis reads
// that on one server only; a cluster URL refuses it).
func (c Config) tlsOver(fromURL *tls.Config) *tls.Config {
	tc := c.TLS.Clone()
	if tc.ServerName == "" {
		tc.ServerName = fromURL.ServerName
	}
	tc.InsecureSkipVerify = tc.InsecureSkipVerify || fromURL.InsecureSkipVerify
	return tc
}

// maxAgeMillis is MaxAge as the publish script takes it: 0 for no limit.
func (c Config) maxAgeMillis() int64 {
	if c.MaxAge < 0 {
		return 0
	}
	return c.MaxAge.Milliseconds()
}

// Schemes of a Redis Cluster URL.
const (
	clusterScheme    = "redis+cluster://"
	clusterTLSScheme = "rediss+cluster://"
)

// newClient makes the client the URL asks for: on one server, or on a
// cluster (cc is then rdb).
func (c Config) newClient() (rdb redis.UniversalClient, cc *redis.ClusterClient, err error) {
	if !strings.HasPrefix(c.URL, clusterScheme) && !strings.HasPrefix(c.URL, clusterTLSScheme) {
		opts, err := c.clientOptions()
		if err != nil {
			return nil, nil, err
		}
		return redis.NewClient(opts), nil, nil
	}
	opts, err := c.clusterOptions()
	if err != nil {
		return nil, nil, err
	}
	cc = redis.NewClusterClient(opts)
	return cc, cc, nil
}

// clusterOptions turns a redis+cluster:// URL into go-redis options: its
// seed nodes become Addrs.
func (c Config) clusterOptions() (*redis.ClusterOptions, error) {
	scheme, rest, _ := strings.Cut(c.URL, "+cluster://")
	authority, tail := rest, ""
	if i := strings.IndexAny(rest, "/?"); i >= 0 {
		authority, tail = rest[:i], rest[i:]
	}
	userinfo, hosts := "", authority
	if i := strings.LastIndex(authority, "@"); i >= 0 {
		userinfo, hosts = authority[:i+1], authority[i+1:]
	}
	path, query, _ := strings.Cut(tail, "?")
	if path != "" && path != "/" && path != "/0" {
		return nil, fmt.Errorf("redisbp: Config.URL: a Redis Cluster has database 0 only, not %q", strings.TrimPrefix(path, "/"))
	}
	seeds := strings.Split(hosts, ",")
	for _, s := range seeds {
		if s == "" {
			return nil, errors.New("redisbp: Config.URL: empty seed node in a redis+cluster:// URL; want host:port[,host:port...]")
		}
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return nil, fmt.Errorf("redisbp: Config.URL: %w", err)
	}
	retries := q.Has("max_retries")
	for _, s := range seeds[1:] {
		q.Add("addr", s)
	}
	opts, err := redis.ParseClusterURL(scheme + "://" + userinfo + seeds[0] + "?" + q.Encode())
	if err != nil {
		return nil, urlError(err)
	}
	if c.TLS != nil {
		if opts.TLSConfig == nil {
			return nil, errors.New("redisbp: Config.TLS is set but Config.URL is not rediss+cluster://")
		}
		opts.TLSConfig = c.tlsOver(opts.TLSConfig)
	}
	// As on one server: a publish is retried only when the URL asks.
	// Redirections (MOVED, ASK) are always followed: the command did not
	// run where it was refused.
	if !retries {
		opts.MaxRetries = -1
	}
	return opts, nil
}
