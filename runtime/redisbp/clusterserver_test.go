package redisbp

import (
	"context"
	"fmt"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// redisCluster is a real Redis Cluster on loopback for one test: three
// masters, each with one replica, every node a redis-server of its own in
// its own temporary directory, all stopped at cleanup.
type redisCluster struct {
	t     *testing.T
	nodes []*redisServer
}

// clusterNodeTimeout is how long the cluster waits before it takes a
// silent master for failed and promotes its replica.
const clusterNodeTimeout = 1000 * time.Millisecond

// startCluster starts six nodes and joins them into a cluster with
// redis-cli --cluster create.
func startCluster(t *testing.T) *redisCluster {
	t.Helper()
	cli, err := exec.LookPath("redis-cli")
	if err != nil {
		t.Fatal("redis-cli not found: install the Debian package redis-tools (scripts/test.sh does)")
	}
	c := &redisCluster{t: t, nodes: make([]*redisServer, 6)}
	var wg sync.WaitGroup
	for i := range c.nodes {
		wg.Go(func() { c.nodes[i] = startClusterNode(t) })
	}
	wg.Wait()
	args := []string{"--cluster", "create"}
	for _, n := range c.nodes {
		if n == nil {
			t.FailNow()
		}
		args = append(args, n.Addr())
	}
	args = append(args, "--cluster-replicas", "1", "--cluster-yes")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if out, err := exec.CommandContext(ctx, cli, args...).CombinedOutput(); err != nil {
		t.Fatalf("redis-cli --cluster create: %v\n%s", err, out)
	}
	c.waitHealthy()
	return c
}

// startClusterNode starts one cluster-enabled redis-server. Its cluster
// bus listens on the port + 10000, which must be free too.
func startClusterNode(t *testing.T) *redisServer {
	r := &redisServer{t: t, bin: redisBinary(t), dir: t.TempDir(), extra: []string{
		"--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
		"--cluster-node-timeout", strconv.Itoa(int(clusterNodeTimeout.Milliseconds())),
		// A replica whose master died takes over however long it was cut off.
		"--cluster-replica-validity-factor", "0",
	}}
	t.Cleanup(func() {
		r.Stop()
		if t.Failed() {
			r.mu.Lock()
			t.Logf("redis-server %s output:\n%s", r.Addr(), r.log.String())
			r.mu.Unlock()
		}
	})
	var err error
	for range 10 {
		r.port = clusterPort(t)
		if err = r.start(); err == nil {
			return r
		}
	}
	t.Errorf("start cluster node: %v", err)
	return nil
}

// clusterPort returns a free port whose bus port (+10000) is free too.
func clusterPort(t *testing.T) int {
	t.Helper()
	for {
		p := freePort(t)
		if p+10000 > 65535 {
			continue
		}
		l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p+10000)))
		if err != nil {
			continue
		}
		l.Close()
		return p
	}
}

// URL is a redis+cluster:// URL naming three of the nodes as seeds.
func (c *redisCluster) URL() string {
	seeds := make([]string, 0, 3)
	for _, n := range c.nodes[:3] {
		seeds = append(seeds, n.Addr())
	}
	return "redis+cluster://" + strings.Join(seeds, ",")
}

// client is a plain cluster client for the test's own checks.
func (c *redisCluster) client() *redis.ClusterClient {
	addrs := make([]string, 0, len(c.nodes))
	for _, n := range c.nodes {
		addrs = append(addrs, n.Addr())
	}
	cc := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, MaxRetries: -1})
	c.t.Cleanup(func() { cc.Close() })
	return cc
}

// node returns the running node at addr.
func (c *redisCluster) node(addr string) *redisServer {
	for _, n := range c.nodes {
		if n.Addr() == addr {
			return n
		}
	}
	c.t.Fatalf("no cluster node at %s", addr)
	return nil
}

// waitHealthy waits until every running node sees every slot served and
// every replica is in sync with its master.
func (c *redisCluster) waitHealthy() {
	c.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		err := c.healthy()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("cluster not healthy within 60s: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (c *redisCluster) healthy() error {
	ctx := context.Background()
	for _, n := range c.nodes {
		n.mu.Lock()
		running := n.proc != nil
		n.mu.Unlock()
		if !running {
			continue
		}
		raw := redis.NewClient(&redis.Options{Addr: n.Addr(), MaxRetries: -1})
		info, err := raw.ClusterInfo(ctx).Result()
		if err == nil && !strings.Contains(info, "cluster_state:ok") {
			err = fmt.Errorf("%s: cluster_state not ok", n.Addr())
		}
		if err == nil {
			var repl string
			repl, err = raw.Info(ctx, "replication").Result()
			if err == nil && strings.Contains(repl, "role:slave") && !strings.Contains(repl, "master_link_status:up") {
				err = fmt.Errorf("%s: replica not in sync", n.Addr())
			}
		}
		raw.Close()
		if err != nil {
			return err
		}
	}
	return nil
}
