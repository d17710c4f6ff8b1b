package redisbp

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tlsFiles are the PEM files of a test CA and a server certificate it
// signed for 127.0.0.1.
type tlsFiles struct {
	ca, cert, key string
	pool          *x509.CertPool
}

// newTLSFiles makes a CA and a server certificate for 127.0.0.1 in dir.
func newTLSFiles(t *testing.T, dir string) *tlsFiles {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "ssegen test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:    x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	f := &tlsFiles{
		ca:   filepath.Join(dir, "ca.pem"),
		cert: filepath.Join(dir, "server.pem"),
		key:  filepath.Join(dir, "server.key"),
		pool: x509.NewCertPool(),
	}
	f.pool.AddCert(ca)
	for path, block := range map[string]*pem.Block{
		f.ca:   {Type: "CERTIFICATE", Bytes: caDER},
		f.cert: {Type: "CERTIFICATE", Bytes: der},
		f.key:  {Type: "EC PRIVATE KEY", Bytes: keyDER},
	} {
		if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// rediss:// with Config.TLS trusting a private CA works end to end, and
// without that trust the certificate is refused.
func TestTLSFromURL(t *testing.T) {
	dir := t.TempDir()
	files := newTLSFiles(t, dir)
	r := launchRedis(t, &redisServer{t: t, bin: redisBinary(t), dir: dir, tls: files})
	url := "rediss://" + r.Addr()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	if b, err := New(ctx, Config{URL: url}); err == nil {
		b.Close()
		t.Error("New with a certificate from an unknown CA: no error")
	} else if !strings.Contains(err.Error(), "certificate") {
		t.Errorf("New with a certificate from an unknown CA: %v, want a certificate error", err)
	}
	if b, err := New(ctx, Config{URL: "redis://" + r.Addr(), TLS: &tls.Config{RootCAs: files.pool}}); err == nil {
		b.Close()
		t.Error("New with Config.TLS and a redis:// URL: no error")
	}

	a := newNode(t, url, Config{TLS: &tls.Config{RootCAs: files.pool}})
	b := newNode(t, url, Config{TLS: &tls.Config{RootCAs: files.pool}})
	rec := newRecorder()
	rec.subscribe(t, b, "a/b")
	e := publish(t, a, "a/b", "E", "over TLS")
	if got := rec.wait(t, 1); got[0].ID != e.ID || string(got[0].Data) != "over TLS" {
		t.Errorf("got %s, want %v", describe(got), e)
	}
}
