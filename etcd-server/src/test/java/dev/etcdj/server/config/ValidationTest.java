package dev.etcdj.server.config;

import static dev.etcdj.server.config.TestSupport.error;
import static dev.etcdj.server.config.TestSupport.verifying;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Every message below was checked against /usr/bin/etcd 3.4.23 unless marked otherwise. */
class ValidationTest {

    @Test
    void goFlagPackageErrors() {
        assertEquals("flag provided but not defined: -foo", error("--foo"));
        assertEquals("flag provided but not defined: -foo", error("-foo=1"));
        assertEquals("flag needs an argument: -name", error("--name"));
        assertEquals("bad flag syntax: ---name", error("---name", "x"));
        assertEquals("bad flag syntax: -=x", error("-=x"));
        assertEquals("invalid boolean value \"maybe\" for -pre-vote: parse error", error("--pre-vote=maybe"));
        assertEquals("invalid value \"abc\" for flag -heartbeat-interval: parse error", error("--heartbeat-interval", "abc"));
        assertEquals("invalid value \"-1\" for flag -max-txn-ops: parse error", error("--max-txn-ops", "-1"));
        assertEquals("invalid value \"+5\" for flag -heartbeat-interval: parse error", error("--heartbeat-interval", "+5"));
        assertEquals("invalid value \"08\" for flag -heartbeat-interval: parse error", error("--heartbeat-interval", "08"));
        assertEquals("invalid value \"_100\" for flag -heartbeat-interval: parse error", error("--heartbeat-interval", "_100"));
        assertEquals("invalid value \"99999999999999999999\" for flag -max-txn-ops: value out of range",
                error("--max-txn-ops", "99999999999999999999"));
        assertEquals("invalid value \"1.5\" for flag -quota-backend-bytes: parse error", error("--quota-backend-bytes", "1.5"));
        assertEquals("invalid value \"5\" for flag -grpc-keepalive-min-time: parse error", error("--grpc-keepalive-min-time", "5"));
        assertEquals("invalid value \"5000000000\" for flag -max-concurrent-streams: strconv.ParseUint: parsing \"5000000000\": value out of range",
                error("--max-concurrent-streams", "5000000000"));
        assertEquals("invalid value \"foo\" for flag -initial-cluster-state: invalid value", error("--initial-cluster-state", "foo"));
        assertEquals("invalid value \"foo\" for flag -proxy: invalid value", error("--proxy", "foo"));
        assertEquals("invalid value \"maybe\" for flag -discovery-fallback: invalid value", error("--discovery-fallback", "maybe"));
    }

    @Test
    void urlSyntaxErrors() {
        assertEquals("invalid value \"bogus\" for flag -listen-client-urls: URL scheme must be http, https, unix, or unixs: bogus",
                error("--listen-client-urls", "bogus"));
        assertEquals("invalid value \"http://127.0.0.1:2380/path\" for flag -listen-peer-urls: URL must not contain a path: http://127.0.0.1:2380/path",
                error("--listen-peer-urls", "http://127.0.0.1:2380/path"));
        assertEquals("invalid value \"http://127.0.0.1\" for flag -listen-peer-urls: URL address does not have the form \"host:port\": http://127.0.0.1",
                error("--listen-peer-urls", "http://127.0.0.1"));
        assertEquals("invalid value \"bogus\" for flag -cors: URL scheme must be http, https, unix, or unixs: bogus",
                error("--cors", "bogus"));
        assertEquals("invalid value \"localhost:2379\" for flag -advertise-client-urls: URL scheme must be http, https, unix, or unixs: localhost:2379",
                error("--advertise-client-urls", "localhost:2379"));
    }

    @Test
    void positionalArguments() {
        assertEquals(verifying("'extra' is not a valid flag"), error("extra"));
        // a boolean flag does not take the next argument as its value
        assertEquals(verifying("'maybe' is not a valid flag"), error("--pre-vote", "maybe"));
        assertEquals(verifying("'x' is not a valid flag"), error("--", "x"));
    }

    @Test
    void embedValidateMessages() {
        assertEquals(verifying("expected IP in URL for binding (http://example.com:2379)"),
                error("--listen-client-urls", "http://example.com:2379", "--advertise-client-urls", "http://localhost:2379"));
        assertEquals(verifying("expected IP in URL for binding (http://example.com:2380)"),
                error("--listen-peer-urls", "http://example.com:2380"));
        assertEquals(verifying("expected IP in URL for binding (http://metrics.local:2381)"),
                error("--listen-metrics-urls", "http://metrics.local:2381"));
        assertEquals(verifying("--initial-advertise-peer-urls \"http://:2380\" must be \"host:port\" (unexpected empty host (http://:2380))"),
                error("--initial-advertise-peer-urls", "http://:2380"));
        assertEquals(verifying("--advertise-client-urls \"http://:2379\" must be \"host:port\" (unexpected empty host (http://:2379))"),
                error("--advertise-client-urls", "http://:2379"));
        assertEquals(verifying("--election-timeout[1000ms] should be at least as 5 times as --heartbeat-interval[300ms]"),
                error("--heartbeat-interval", "300"));
        assertEquals(verifying("--heartbeat-interval must be >0 (set to 0ms)"), error("--heartbeat-interval", "0"));
        assertEquals(verifying("--election-timeout must be >0 (set to 0ms)"), error("--election-timeout", "0")); // by source
        assertEquals(verifying("--election-timeout[60000ms] is too long, and should be set less than 50000ms"),
                error("--election-timeout", "60000"));
        assertEquals(verifying("multiple discovery or bootstrap flags are set. Choose one of \"initial-cluster\", \"discovery\" or \"discovery-srv\""),
                error("--discovery-srv", "example.com", "--initial-cluster", "a=http://1.1.1.1:2380"));
        assertEquals(verifying("--advertise-client-urls is required when --listen-client-urls is set explicitly"),
                error("--listen-client-urls", "http://127.0.0.1:2379"));
        assertEquals(verifying("unknown auto-compaction-mode \"foo\""), error("--auto-compaction-mode", "foo"));
        assertEquals(verifying("setting experimental-enable-lease-checkpoint-persist requires experimental-enable-lease-checkpoint"),
                error("--experimental-enable-lease-checkpoint-persist"));
    }

    @Test
    void loggingMessages() {
        assertEquals(verifying("unknown logger option \"foo\""), error("--logger", "foo"));
        assertEquals(verifying("--logger=capnslog supports only 1 value in '--log-outputs', got [\"stderr\" \"stdout\"]"),
                error("--log-outputs", "stdout,stderr"));
        assertEquals(verifying("unknown log-output \"foo\" (only supports \"default\", \"stderr\", \"stdout\")"),
                error("--log-outputs", "foo"));
        // etcd 3.4 panics with 'unknown level "foo"'; we report it as a normal error
        assertEquals(verifying("unknown level \"foo\""), error("--log-level", "foo"));
        assertEquals(verifying("unknown level \"foo\""), error("--logger", "zap", "--log-level", "foo"));
        // by source (embed/config_logging.go)
        assertEquals(verifying("multi logoutput for \"default\" is not supported yet"),
                error("--logger", "zap", "--log-outputs", "default,stderr"));
        assertEquals(verifying("both '--log-output' and '--log-outputs' are set; only set '--log-outputs'"),
                error("--logger", "zap", "--log-outputs", "stderr,stdout", "--log-output", "a,b"));
        assertEquals(verifying("'--log-output=[\"stdout\"]' and '--log-outputs=[\"stdout\"]' are incompatible; only set --log-outputs"),
                error("--log-outputs", "stdout", "--log-output", "stdout"));
    }

    @Test
    void flagErrorsStopAtTheFirstBadArgument() {
        assertEquals("flag provided but not defined: -foo", error("--foo", "--help"));
    }
}
