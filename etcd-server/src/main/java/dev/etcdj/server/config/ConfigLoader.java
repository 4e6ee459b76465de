package dev.etcdj.server.config;

import dev.etcdj.server.config.Flags.Def;
import dev.etcdj.server.config.Flags.Kind;
import dev.etcdj.server.config.GoSyntax.BadValue;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns an etcd 3.4 command line (and ETCD_* environment, or a --config-file) into a {@link ServerConfig},
 * reproducing etcd 3.4.23's parsing rules, defaults, validation order and messages.
 *
 * <p>Pure function apart from reading the --config-file: no System.exit, no printing, no logging.
 * Differences from etcd on purpose: flag-syntax errors exit with code 1 (etcd: 2) and print one line without the
 * usage block; an unknown --log-level is an error line (etcd panics).
 */
public final class ConfigLoader {

    /** The etcd release whose behaviour and API this layer reproduces. */
    public static final String ETCD_VERSION = "3.4.23";
    /** The etcd API version implemented (the v3 API of etcd 3.4). */
    public static final String API_VERSION = "3.4";

    static final String DEFAULT_NAME = "default";
    static final String DEFAULT_INITIAL_CLUSTER = "default=http://localhost:2380";
    static final int MAX_ELECTION_MS = 50000;

    static final String ERR_CONFLICT_BOOTSTRAP = "multiple discovery or bootstrap flags are set. "
            + "Choose one of \"initial-cluster\", \"discovery\" or \"discovery-srv\"";
    static final String ERR_UNSET_ADVERTISE_CLIENT_URLS =
            "--advertise-client-urls is required when --listen-client-urls is set explicitly";

    private ConfigLoader() {}

    /** Unwinds loading with a complete stderr text and exit code 1. */
    private static final class Failure extends Exception {
        final String stderr;

        Failure(String stderr) {
            super(stderr, null, false, false);
            this.stderr = stderr;
        }

        /** An error etcd reports as "error verifying flags, ..." (etcdmain/etcd.go). */
        static Failure verifying(String msg) {
            return new Failure("etcdmain: error verifying flags, " + msg + ". See 'etcd --help'.\n");
        }

        /** An error etcd prints verbatim (Go flag package, fmt.Fprintf + os.Exit, log.Fatalf). */
        static Failure plain(String msg) {
            return new Failure(msg + "\n");
        }
    }

    /** Validation error carrying the bare etcd error text (before wrapping). */
    private static final class Invalid extends Exception {
        Invalid(String msg) { super(msg, null, false, false); }
    }

    /**
     * Loads the server configuration.
     *
     * @param args command-line arguments without the program name
     * @param env  the process environment (e.g. {@code System.getenv()})
     */
    public static LoadResult load(String[] args, Map<String, String> env) {
        return load(args, env, null);
    }

    /**
     * Like {@link #load(String[], Map)}, additionally applying etcd's "default host" rule
     * (embed.Config.UpdateDefaultClusterFromName): when the first listen peer/client URL binds 0.0.0.0 and the
     * matching advertise URL list is exactly etcd's default (http://localhost:2380 / http://localhost:2379), the
     * advertised host becomes {@code defaultHost} (etcd derives it from the default route; finding it is left to the
     * caller so that this class does no I/O). {@code null} or empty means "not detected", as when etcd fails to
     * detect one.
     */
    public static LoadResult load(String[] args, Map<String, String> env, String defaultHost) {
        if (args.length > 0 && (args[0].equals("gateway") || args[0].equals("grpc-proxy")
                || args[0].equals("discovery-service"))) {
            return new LoadResult.Subcommand(args[0], java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        List<String> warnings = new ArrayList<>();
        FlagValues fv = new FlagValues(warnings);
        try {
            List<String> positional;
            try {
                positional = parseGoFlags(args, fv);
            } catch (HelpRequested h) {
                return new LoadResult.Exit(0, HelpText.FLAGS, HelpText.USAGE);
            }
            if (!positional.isEmpty()) {
                throw Failure.verifying("'" + positional.get(0) + "' is not a valid flag");
            }
            if (fv.bool("version")) {
                return new LoadResult.Exit(0, versionText(), "");
            }
            String configFile = fv.str("config-file");
            if (configFile.isEmpty()) configFile = env.getOrDefault(Flags.toEnv("config-file"), "");
            boolean fromFile = !configFile.isEmpty();
            if (fromFile) {
                warnings.add("Loading server configuration from " + GoSyntax.quote(configFile)
                        + ". Other configuration command line flags and environment variables will be ignored if provided.");
                FlagValues file = new FlagValues(warnings);
                fromFile(configFile, file);
                fv = file;
            } else {
                fromCommandLine(fv, env);
            }
            finish(fv, warnings, defaultHost == null ? "" : defaultHost);
            return new LoadResult.Run(build(fv, fromFile ? configFile : ""), warnings);
        } catch (Failure f) {
            return new LoadResult.Exit(1, "", f.stderr);
        }
    }

    /** etcd --version output (etcdmain/config.go), with honest values for this implementation. */
    static String versionText() {
        return "etcd Version: " + ETCD_VERSION + "\n"
                + "Git SHA: etcdj\n"
                + "Go Version: Java " + Runtime.version() + "\n"
                + "Go OS/Arch: " + goOs() + "/" + goArch() + "\n"
                + "API Version: " + API_VERSION + " (etcd v3 API, implemented in Java by etcdj)\n";
    }

    private static String goOs() {
        String os = System.getProperty("os.name", "linux").toLowerCase(Locale.ROOT);
        if (os.contains("linux")) return "linux";
        if (os.contains("mac") || os.contains("darwin")) return "darwin";
        if (os.contains("windows")) return "windows";
        if (os.contains("freebsd")) return "freebsd";
        return os.replace(' ', '_');
    }

    private static String goArch() {
        String a = System.getProperty("os.arch", "amd64").toLowerCase(Locale.ROOT);
        switch (a) {
            case "x86_64": case "amd64": return "amd64";
            case "aarch64": case "arm64": return "arm64";
            case "x86": case "i386": case "i686": return "386";
            case "ppc64le": return "ppc64le";
            case "s390x": return "s390x";
            default: return a;
        }
    }

    // ------------------------------------------------------------------ Go flag syntax

    private static final class HelpRequested extends Exception {
        HelpRequested() { super(null, null, false, false); }
    }

    /**
     * Go's flag.FlagSet.Parse: "-flag", "--flag", "-flag=value", "-flag value" (non-boolean only),
     * "--" ends flags, parsing stops at the first non-flag argument. Returns the remaining arguments.
     */
    static List<String> parseGoFlags(String[] args, FlagValues fv) throws Failure, HelpRequested {
        int i = 0;
        while (i < args.length) {
            String s = args[i];
            if (s.length() < 2 || s.charAt(0) != '-') break;
            int minuses = 1;
            if (s.charAt(1) == '-') {
                minuses = 2;
                if (s.length() == 2) { i++; break; }
            }
            String name = s.substring(minuses);
            if (name.isEmpty() || name.charAt(0) == '-' || name.charAt(0) == '=') {
                throw Failure.plain("bad flag syntax: " + s);
            }
            i++;
            boolean hasValue = false;
            String value = "";
            int eq = name.indexOf('=', 1);
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
                hasValue = true;
            }
            Def def = Flags.ALL.get(name);
            if (def == null) {
                if (name.equals("help") || name.equals("h")) throw new HelpRequested();
                throw Failure.plain("flag provided but not defined: -" + name);
            }
            if (def.isBool()) {
                try {
                    fv.set(name, hasValue ? value : "true");
                } catch (BadValue e) {
                    throw Failure.plain(hasValue
                            ? "invalid boolean value " + GoSyntax.quote(value) + " for -" + name + ": " + e.getMessage()
                            : "invalid boolean flag " + name + ": " + e.getMessage());
                }
            } else {
                if (!hasValue && i < args.length) {
                    value = args[i++];
                    hasValue = true;
                }
                if (!hasValue) throw Failure.plain("flag needs an argument: -" + name);
                try {
                    fv.set(name, value);
                } catch (BadValue e) {
                    throw Failure.plain("invalid value " + GoSyntax.quote(value) + " for flag -" + name + ": " + e.getMessage());
                }
            }
        }
        List<String> rest = new ArrayList<>();
        for (; i < args.length; i++) rest.add(args[i]);
        return rest;
    }

    // ------------------------------------------------------------------ command line + environment

    private static void fromCommandLine(FlagValues fv, Map<String, String> env) throws Failure {
        applyEnv(fv, env);

        // disable default advertise-client-urls if listen-client-urls is set (unless this may become a v2 proxy)
        boolean missingAc = fv.isSet("listen-client-urls") && !fv.isSet("advertise-client-urls");
        if (!mayBeProxy(fv) && missingAc) putUrls(fv, "advertise-client-urls", null);

        // disable default initial-cluster if discovery is set
        if ((!fv.str("discovery").isEmpty() || !fv.str("discovery-srv").isEmpty() || !fv.str("discovery-srv-name").isEmpty()
                || !fv.str("discovery-endpoints").isEmpty()) && !fv.isSet("initial-cluster")) {
            fv.put("initial-cluster", "");
        }
        try {
            validate(fv);
        } catch (Invalid e) {
            if (!(e.getMessage().equals(ERR_UNSET_ADVERTISE_CLIENT_URLS) && mayBeProxy(fv))) {
                throw Failure.verifying(e.getMessage());
            }
        }
    }

    /** pkg/flags SetFlagsFromEnv + verifyEnv. */
    private static void applyEnv(FlagValues fv, Map<String, String> env) throws Failure {
        Set<String> alreadySet = new TreeSet<>();
        for (String f : fv.setFlags()) alreadySet.add(Flags.toEnv(f));
        Set<String> used = new TreeSet<>();
        String error = null;
        for (String name : new TreeSet<>(Flags.ALL.keySet())) { // Go's VisitAll is in lexicographical order
            String key = Flags.toEnv(name);
            if (alreadySet.contains(key)) continue;
            String val = env.getOrDefault(key, "");
            if (val.isEmpty()) continue;
            used.add(key);
            try {
                fv.set(name, val);
                fv.warnings.add("recognized and used environment variable " + key + "=" + val);
            } catch (BadValue e) {
                error = "invalid value " + GoSyntax.quote(val) + " for " + key + ": " + e.getMessage();
            }
        }
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String key = e.getKey();
            if (used.contains(key)) continue;
            if (alreadySet.contains(key)) {
                throw Failure.plain("pkg/flags: conflicting environment variable " + GoSyntax.quote(key)
                        + " is shadowed by corresponding command-line flag (either unset environment variable or disable flag)");
            }
            if (key.startsWith("ETCD_")) {
                fv.warnings.add("unrecognized environment variable " + key + "=" + e.getValue());
            }
        }
        if (error != null) throw Failure.verifying(error);
    }

    private static boolean mayBeProxy(FlagValues fv) {
        boolean mayFallbackToProxy = !fv.str("discovery").isEmpty() && fv.str("discovery-fallback").equals("proxy");
        return !fv.str("proxy").equals("off") || mayFallbackToProxy;
    }

    /** Stores a URL list; {@code null} means "unset" (Go nil slice), which validation distinguishes. */
    private static void putUrls(FlagValues fv, String name, List<URI> urls) {
        FlagValues.Urls u = new FlagValues.Urls();
        if (urls != null) {
            for (URI x : urls) u.values.add(x.toString());
            u.urls = List.copyOf(urls);
        } else {
            u.urls = null;
        }
        fv.put(name, u);
    }

    // ------------------------------------------------------------------ validation (embed.Config.Validate)

    private static final Set<String> LOG_LEVELS = Set.of("debug", "info", "warn", "error", "dpanic", "panic", "fatal");

    private static void validate(FlagValues fv) throws Invalid {
        setupLogging(fv);
        checkBindUrls(fv.urls("listen-peer-urls"));
        checkBindUrls(fv.urls("listen-client-urls"));
        checkBindUrls(fv.urls("listen-metrics-urls"));
        checkHostUrls(fv, "initial-advertise-peer-urls");
        checkHostUrls(fv, "advertise-client-urls");

        int nSet = 0;
        if (!fv.str("discovery").isEmpty()) nSet++;
        if (!fv.str("initial-cluster").isEmpty()) nSet++;
        if (!fv.str("discovery-srv").isEmpty()) nSet++;
        if (!fv.str("discovery-endpoints").isEmpty()) nSet++;

        String state = fv.str("initial-cluster-state");
        if (!state.equals("new") && !state.equals("existing")) {
            throw new Invalid("unexpected clusterState " + GoSyntax.quote(state));
        }
        if (nSet > 1) throw new Invalid(ERR_CONFLICT_BOOTSTRAP);

        BigInteger tick = fv.integer("heartbeat-interval");
        BigInteger election = fv.integer("election-timeout");
        if (tick.signum() <= 0) throw new Invalid("--heartbeat-interval must be >0 (set to " + tick + "ms)");
        if (election.signum() <= 0) throw new Invalid("--election-timeout must be >0 (set to " + election + "ms)");
        if (tick.multiply(BigInteger.valueOf(5)).compareTo(election) > 0) {
            throw new Invalid("--election-timeout[" + election + "ms] should be at least as 5 times as --heartbeat-interval[" + tick + "ms]");
        }
        if (election.compareTo(BigInteger.valueOf(MAX_ELECTION_MS)) > 0) {
            throw new Invalid("--election-timeout[" + election + "ms] is too long, and should be set less than " + MAX_ELECTION_MS + "ms");
        }

        if (fv.urls("listen-client-urls") != null && fv.urls("advertise-client-urls") == null) {
            throw new Invalid(ERR_UNSET_ADVERTISE_CLIENT_URLS);
        }

        String mode = fv.str("auto-compaction-mode");
        if (!mode.isEmpty() && !mode.equals("periodic") && !mode.equals("revision")) {
            throw new Invalid("unknown auto-compaction-mode " + GoSyntax.quote(mode));
        }
        boolean cp = fv.bool("experimental-enable-lease-checkpoint");
        boolean cpPersist = fv.bool("experimental-enable-lease-checkpoint-persist");
        if (!cpPersist && cp) {
            fv.warnings.add("Detected that checkpointing is enabled without persistence. Consider enabling experimental-enable-lease-checkpoint-persist");
        }
        if (cpPersist && !cp) {
            throw new Invalid("setting experimental-enable-lease-checkpoint-persist requires experimental-enable-lease-checkpoint");
        }
    }

    /** embed/config_logging.go setupLogging, minus the logger construction. */
    private static void setupLogging(FlagValues fv) throws Invalid {
        List<String> deprecated = fv.strings("log-output");
        List<String> outputs = fv.strings("log-outputs");
        List<String> w = fv.warnings;
        if (deprecated.size() != outputs.size()) {
            if (deprecated.size() > outputs.size()) {
                w.add("'--log-output' flag has been deprecated! Please use '--log-outputs'!");
                outputs = deprecated;
            } else {
                deprecated = List.of();
            }
        } else {
            if (deprecated.size() > 1) throw new Invalid("both '--log-output' and '--log-outputs' are set; only set '--log-outputs'");
            if (deprecated.isEmpty()) throw new Invalid("either '--log-output' or '--log-outputs' flag must be set");
            if (deprecated.equals(outputs) && !deprecated.get(0).equals("default")) {
                throw new Invalid("'--log-output=" + GoSyntax.quoteList(deprecated) + "' and '--log-outputs="
                        + GoSyntax.quoteList(outputs) + "' are incompatible; only set --log-outputs");
            }
            if (!deprecated.equals(List.of("default"))) {
                w.add("[WARNING] Deprecated '--log-output' flag is set to " + GoSyntax.quoteList(deprecated));
                w.add("Please use '--log-outputs' flag");
            }
        }
        fv.put("log-outputs", new ArrayList<>(outputs));
        fv.put("log-output", new ArrayList<>(deprecated));

        boolean debug = fv.bool("debug");
        String level = fv.str("log-level");
        String logger = fv.str("logger");
        if (debug) w.add("[WARNING] Deprecated '--debug' flag is set to true (use '--log-level=debug' instead");
        if (debug && !level.equals("debug")) {
            w.add("[WARNING] Deprecated '--debug' flag is set to true with inconsistent '--log-level=" + level + "' flag");
        }
        if (logger.equals("capnslog")) {
            w.add("[WARNING] Deprecated '--logger=capnslog' flag is set; use '--logger=zap' flag instead");
        }
        if (!fv.str("log-package-levels").isEmpty()) {
            w.add("[WARNING] Deprecated '--log-package-levels=" + fv.str("log-package-levels") + "' flag is set; use '--logger=zap' flag instead");
        }
        switch (logger) {
            case "capnslog": {
                if (!debug && !LOG_LEVELS.contains(level)) throw new Invalid("unknown level " + GoSyntax.quote(level));
                if (outputs.size() != 1) {
                    throw new Invalid("--logger=capnslog supports only 1 value in '--log-outputs', got " + GoSyntax.quoteList(outputs));
                }
                String out = outputs.get(0);
                if (!out.equals("stderr") && !out.equals("stdout") && !out.equals("default")) {
                    throw new Invalid("unknown log-output " + GoSyntax.quote(out) + " (only supports \"default\", \"stderr\", \"stdout\")");
                }
                break;
            }
            case "zap": {
                if (outputs.isEmpty()) {
                    outputs = List.of("default");
                    fv.put("log-outputs", new ArrayList<>(outputs));
                }
                if (outputs.size() > 1 && outputs.contains("default")) {
                    throw new Invalid("multi logoutput for \"default\" is not supported yet");
                }
                if (outputs.contains("systemd/journal") && outputs.size() > 1) {
                    for (String v : outputs) {
                        if (!v.equals("default")) {
                            throw new Invalid("running with systemd/journal but other '--log-outputs' values ("
                                    + GoSyntax.quoteList(outputs) + ") are configured with 'default'; override 'default' value with something else");
                        }
                    }
                }
                if (!LOG_LEVELS.contains(level)) throw new Invalid("unknown level " + GoSyntax.quote(level));
                break;
            }
            default:
                throw new Invalid("unknown logger option " + GoSyntax.quote(logger));
        }
    }

    private static void checkBindUrls(List<URI> urls) throws Invalid {
        if (urls == null) return;
        for (URI u : urls) {
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            if (scheme.equals("unix") || scheme.equals("unixs")) continue;
            String host = GoSyntax.splitHost(authority(u));
            if (host == null) throw new Invalid("address " + authority(u) + ": missing port in address");
            if (host.equals("localhost")) continue;
            if (!GoSyntax.isIpLiteral(host)) throw new Invalid("expected IP in URL for binding (" + u + ")");
        }
    }

    private static void checkHostUrls(FlagValues fv, String flag) throws Invalid {
        List<URI> urls = fv.urls(flag);
        if (urls == null) return;
        for (URI u : urls) {
            String host = GoSyntax.splitHost(authority(u));
            String err = null;
            if (host == null) err = "address " + authority(u) + ": missing port in address";
            else if (host.isEmpty()) err = "unexpected empty host (" + u + ")";
            if (err != null) {
                List<String> all = new ArrayList<>();
                for (URI x : urls) all.add(x.toString());
                throw new Invalid("--" + flag + " " + GoSyntax.quote(String.join(",", all)) + " must be \"host:port\" (" + err + ")");
            }
        }
    }

    private static String authority(URI u) {
        String a = u.getRawAuthority();
        if (a == null) return "";
        int at = a.lastIndexOf('@');
        return at >= 0 ? a.substring(at + 1) : a;
    }

    // ------------------------------------------------------------------ config file

    /** Keys of embed.Config / configJSON that map 1:1 onto a flag of the same name and value type. */
    private static final Set<String> FILE_SCALAR_KEYS = Set.of(
            "name", "data-dir", "wal-dir", "snapshot-count", "max-snapshots", "max-wals", "heartbeat-interval",
            "election-timeout", "initial-election-tick-advance", "backend-batch-interval", "backend-batch-limit",
            "quota-backend-bytes", "max-txn-ops", "max-request-bytes", "max-concurrent-streams",
            "initial-cluster-state", "discovery-srv", "discovery-srv-name", "discovery-proxy", "discovery",
            "initial-cluster", "initial-cluster-token", "strict-reconfig-check", "enable-v2",
            "auto-compaction-mode", "auto-compaction-retention", "grpc-keepalive-min-time",
            "grpc-keepalive-interval", "grpc-keepalive-timeout", "pre-vote", "auth-token", "bcrypt-cost",
            "auth-token-ttl", "experimental-initial-corrupt-check", "experimental-corrupt-check-time",
            "experimental-enable-v2v3", "experimental-backend-bbolt-freelist-type",
            "experimental-enable-lease-checkpoint", "experimental-enable-lease-checkpoint-persist",
            "experimental-compaction-batch-limit", "experimental-watch-progress-notify-interval",
            "experimental-warning-apply-duration", "force-new-cluster", "enable-pprof", "metrics", "logger",
            "log-level", "enable-grpc-gateway", "debug", "log-package-levels", "unsafe-no-fsync");
    /** []string keys. */
    private static final Set<String> FILE_LIST_KEYS = Set.of("cipher-suites", "log-outputs", "log-output");
    /** Comma-separated string keys parsed afterwards. */
    private static final Set<String> FILE_COMMA_KEYS = Set.of("listen-peer-urls", "listen-client-urls",
            "initial-advertise-peer-urls", "advertise-client-urls", "listen-metrics-urls", "cors", "host-whitelist");
    /** etcdmain configProxy keys (a second pass over the same file). */
    private static final Set<String> FILE_PROXY_KEYS = Set.of("proxy-failure-wait", "proxy-refresh-interval",
            "proxy-dial-timeout", "proxy-write-timeout", "proxy-read-timeout", "proxy", "discovery-fallback");

    private static void fromFile(String path, FlagValues fv) throws Failure {
        String text;
        try {
            text = Files.readString(Path.of(path), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw Failure.verifying("open " + path + ": no such file or directory");
        } catch (AccessDeniedException e) {
            throw Failure.verifying("open " + path + ": permission denied");
        } catch (IOException e) {
            if (Files.isDirectory(Path.of(path))) throw Failure.verifying("read " + path + ": is a directory");
            throw Failure.verifying("open " + path + ": " + e.getMessage());
        } catch (RuntimeException e) { // InvalidPathException, MalformedInputException wrapped, ...
            throw Failure.verifying("open " + path + ": " + e.getMessage());
        }
        Map<String, Object> doc;
        try {
            doc = YamlLite.parse(text);
        } catch (YamlLite.YamlException e) {
            throw Failure.verifying("error converting YAML to JSON: " + e.getMessage());
        }
        // NewConfig() defaults that differ from the flag defaults
        fv.put("auto-compaction-mode", "");
        fv.put("auto-compaction-retention", "");
        fv.put("enable-grpc-gateway", Boolean.FALSE);
        fv.put("log-output", new ArrayList<>(List.of("default")));
        fv.put("log-outputs", new ArrayList<>(List.of("default")));

        Map<String, Object> byKey = matchKeys(doc);
        Map<String, String> comma = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Object> e : byKey.entrySet()) {
                String key = e.getKey();
                Object node = e.getValue();
                if (isNull(node)) continue; // JSON null leaves the default
                if (FILE_SCALAR_KEYS.contains(key)) {
                    fv.put(key, convert(node, Flags.ALL.get(key).kind(), "configYAML." + key, goType(key)));
                } else if (FILE_LIST_KEYS.contains(key)) {
                    fv.put(key, stringList(node, "configYAML." + key));
                } else if (FILE_COMMA_KEYS.contains(key)) {
                    comma.put(key, (String) convert(node, Kind.STRING, "configYAML." + key, "string"));
                } else if (key.equals("client-transport-security") || key.equals("peer-transport-security")) {
                    security(node, key, fv);
                }
            }
        } catch (Invalid e) {
            throw Failure.verifying("error unmarshaling JSON: while decoding JSON: json: " + e.getMessage());
        }
        // comma separated URL lists (embed configFromFile); the misspelt message for advertise-client-urls is etcd's
        String[][] urlKeys = {
                {"listen-peer-urls", "listen-peer-urls"}, {"listen-client-urls", "listen-client-urls"},
                {"initial-advertise-peer-urls", "initial-advertise-peer-urls"},
                {"advertise-client-urls", "advertise-peer-urls"}, {"listen-metrics-urls", "listen-metrics-urls"}};
        for (String[] k : urlKeys) {
            String v = comma.getOrDefault(k[0], "");
            if (v.isEmpty()) continue;
            try {
                putUrls(fv, k[0], GoSyntax.parseUrls(v));
            } catch (BadValue e) {
                throw Failure.plain("unexpected error setting up " + k[1] + ": " + e.getMessage());
            }
        }
        if (!comma.getOrDefault("cors", "").isEmpty()) {
            try {
                fv.set("cors", comma.get("cors"));
            } catch (BadValue e) {
                throw Failure.plain("unexpected error setting up cors: " + e.getMessage());
            }
        }
        if (!comma.getOrDefault("host-whitelist", "").isEmpty()) {
            try {
                fv.set("host-whitelist", comma.get("host-whitelist"));
            } catch (BadValue e) {
                throw new IllegalStateException(e); // never fails
            }
        }
        // a discovery setting clears the default initial cluster
        if ((!fv.str("discovery").isEmpty() || !fv.str("discovery-srv").isEmpty())
                && fv.str("initial-cluster").equals(DEFAULT_INITIAL_CLUSTER)) {
            fv.put("initial-cluster", "");
        }
        if (fv.str("initial-cluster-state").isEmpty()) fv.put("initial-cluster-state", "new");
        try {
            validate(fv);
        } catch (Invalid e) {
            throw Failure.verifying(e.getMessage());
        }
        // etcdmain's second pass for the v2 proxy settings
        try {
            for (String key : FILE_PROXY_KEYS) {
                Object node = byKey.get(key);
                if (isNull(node)) continue;
                if (key.equals("proxy") || key.equals("discovery-fallback")) {
                    String v = (String) convert(node, Kind.STRING, "configProxy." + key, "string");
                    if (v.isEmpty()) continue;
                    if (!Flags.ALL.get(key).valids().contains(v)) {
                        throw Failure.plain(key.equals("proxy")
                                ? "unexpected error setting up proxyFlag: invalid value"
                                : "unexpected error setting up discovery-fallback flag: invalid value");
                    }
                    fv.put(key, v);
                } else {
                    fv.put(key, convert(node, Kind.UINT, "configProxy." + key, "uint"));
                }
            }
        } catch (Invalid e) {
            throw Failure.verifying("error unmarshaling JSON: while decoding JSON: json: " + e.getMessage());
        }
    }

    /** Go's encoding/json matches keys exactly first, then case-insensitively; the last duplicate wins. */
    private static Map<String, Object> matchKeys(Map<String, Object> doc) {
        Set<String> known = new TreeSet<>();
        known.addAll(FILE_SCALAR_KEYS);
        known.addAll(FILE_LIST_KEYS);
        known.addAll(FILE_COMMA_KEYS);
        known.addAll(FILE_PROXY_KEYS);
        known.add("client-transport-security");
        known.add("peer-transport-security");
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : doc.entrySet()) {
            String k = e.getKey();
            String match = known.contains(k) ? k : null;
            if (match == null) {
                for (String c : known) if (c.equalsIgnoreCase(k)) match = c;
            }
            if (match != null) out.put(match, e.getValue());
        }
        return out;
    }

    private static boolean isNull(Object node) {
        return node == null || (node instanceof YamlLite.Scalar s && s.isNull());
    }

    private static String goType(String key) {
        switch (Flags.ALL.get(key).kind()) {
            case BOOL: return "bool";
            case UINT: return "uint";
            case UINT64: return "uint64";
            case UINT32: return "uint32";
            case INT: return "int";
            case INT64: return "int64";
            case DURATION: return "time.Duration";
            default: return "string";
        }
    }

    private static String jsonKind(Object node) {
        if (node instanceof Map) return "object";
        if (node instanceof List) return "array";
        YamlLite.Scalar s = (YamlLite.Scalar) node;
        if (s.asBool() != null) return "bool";
        if (s.asNumber() != null) return "number";
        return "string";
    }

    /** Converts a YAML node to the Go field type the way yaml-to-JSON + encoding/json does. */
    private static Object convert(Object node, Kind kind, String field, String goType) throws Invalid {
        String jk = jsonKind(node);
        String mismatch = "cannot unmarshal " + jk + " into Go struct field " + field + " of type " + goType;
        switch (kind) {
            case STRING:
            case SELECT:
                if (!jk.equals("string")) throw new Invalid(mismatch);
                return ((YamlLite.Scalar) node).text();
            case BOOL:
                if (!jk.equals("bool")) throw new Invalid(mismatch);
                return ((YamlLite.Scalar) node).asBool();
            default: {
                if (!jk.equals("number")) throw new Invalid(mismatch);
                java.math.BigDecimal n = ((YamlLite.Scalar) node).asNumber();
                boolean signed = kind == Kind.INT || kind == Kind.INT64 || kind == Kind.DURATION;
                int bits = kind == Kind.UINT32 ? 32 : 64;
                BigInteger v = null;
                try {
                    v = n.toBigIntegerExact();
                } catch (ArithmeticException notIntegral) {
                    // fall through to the error below
                }
                BigInteger max = signed ? BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE)
                        : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
                BigInteger min = signed ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
                if (v == null || v.compareTo(max) > 0 || v.compareTo(min) < 0) {
                    throw new Invalid("cannot unmarshal number " + jsonNumber(n)
                            + " into Go struct field " + field + " of type " + goType);
                }
                return kind == Kind.DURATION ? (Object) v.longValueExact() : v;
            }
        }
    }

    /** How a YAML number reaches encoding/json: 64-bit integers as is, anything else as a float64. */
    private static String jsonNumber(java.math.BigDecimal n) {
        try {
            BigInteger v = n.toBigIntegerExact();
            if (v.bitLength() <= 64) return v.toString();
        } catch (ArithmeticException notIntegral) {
            // a float
        }
        return new java.math.BigDecimal(Double.toString(n.doubleValue())).stripTrailingZeros().toPlainString();
    }

    private static List<String> stringList(Object node, String field) throws Invalid {
        if (!(node instanceof List<?> l)) {
            throw new Invalid("cannot unmarshal " + jsonKind(node) + " into Go struct field " + field + " of type []string");
        }
        List<String> out = new ArrayList<>();
        for (Object o : l) {
            if (isNull(o)) { out.add(""); continue; }
            out.add((String) convert(o, Kind.STRING, field, "string"));
        }
        return out;
    }

    private static void security(Object node, String key, FlagValues fv) throws Invalid {
        if (!(node instanceof Map<?, ?> m)) {
            throw new Invalid("cannot unmarshal " + jsonKind(node) + " into Go struct field configYAML." + key + " of type embed.securityConfig");
        }
        String prefix = key.startsWith("peer") ? "peer-" : "";
        String field = "securityConfig." + key + ".";
        Map<String, String[]> sub = new LinkedHashMap<>();
        // yaml key -> {flag name, kind}
        sub.put("cert-file", new String[] {prefix + "cert-file", "s"});
        sub.put("key-file", new String[] {prefix + "key-file", "s"});
        sub.put("client-cert-auth", new String[] {prefix + "client-cert-auth", "b"});
        sub.put("trusted-ca-file", new String[] {prefix + "trusted-ca-file", "s"});
        sub.put("auto-tls", new String[] {prefix + "auto-tls", "b"});
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String k = (String) e.getKey();
            String match = sub.containsKey(k) ? k : null;
            if (match == null) for (String c : sub.keySet()) if (c.equalsIgnoreCase(k)) match = c;
            if (match == null || isNull(e.getValue())) continue;
            String[] target = sub.get(match);
            boolean isBool = target[1].equals("b");
            fv.put(target[0], convert(e.getValue(), isBool ? Kind.BOOL : Kind.STRING, field + match, isBool ? "bool" : "string"));
        }
    }

    // ------------------------------------------------------------------ start-up defaults (etcdmain/etcd.go)

    private static void finish(FlagValues fv, List<String> warnings, String defaultHost) {
        String name = fv.str("name");
        boolean usedDefaultHost = false;
        if (!defaultHost.isEmpty()) {
            usedDefaultHost |= advertiseDefaultHost(fv, "listen-peer-urls", "initial-advertise-peer-urls",
                    "http://localhost:2380", defaultHost);
        }
        // UpdateDefaultClusterFromName: "etcd --name=abc" updates the default initial cluster
        if (!name.equals(DEFAULT_NAME) && fv.str("initial-cluster").equals(DEFAULT_INITIAL_CLUSTER)) {
            List<URI> ap = fv.urls("initial-advertise-peer-urls");
            List<String> parts = new ArrayList<>();
            String n = name.isEmpty() ? DEFAULT_NAME : name;
            if (ap != null) for (URI u : ap) parts.add(n + "=" + u);
            fv.put("initial-cluster", String.join(",", parts));
        }
        if (!defaultHost.isEmpty()) {
            usedDefaultHost |= advertiseDefaultHost(fv, "listen-client-urls", "advertise-client-urls",
                    "http://localhost:2379", defaultHost);
        }
        if (usedDefaultHost) warnings.add("advertising using detected default host " + GoSyntax.quote(defaultHost));
        if (fv.str("data-dir").isEmpty()) {
            String dir = name + ".etcd";
            fv.put("data-dir", dir);
            warnings.add("no data-dir provided, using default data-dir ./" + dir);
        }
        if (fv.str("auto-compaction-mode").isEmpty()) fv.put("auto-compaction-mode", "periodic");
        if (fv.str("auto-compaction-retention").isEmpty()) fv.put("auto-compaction-retention", "0");
        for (String f : List.of("listen-peer-urls", "listen-client-urls", "listen-metrics-urls",
                "initial-advertise-peer-urls", "advertise-client-urls")) {
            if (fv.urls(f) == null) putUrls(fv, f, List.of());
        }
    }

    private static boolean advertiseDefaultHost(FlagValues fv, String listenFlag, String advertiseFlag,
                                                String defaultAdvertise, String defaultHost) {
        List<URI> listen = fv.urls(listenFlag);
        List<URI> adv = fv.urls(advertiseFlag);
        if (listen == null || listen.isEmpty() || adv == null || adv.size() != 1
                || !adv.get(0).toString().equals(defaultAdvertise)) {
            return false;
        }
        String hostPort = authority(listen.get(0));
        String host = GoSyntax.splitHost(hostPort);
        if (!"0.0.0.0".equals(host)) return false;
        String port = hostPort.substring(hostPort.lastIndexOf(':') + 1);
        putUrls(fv, advertiseFlag, List.of(URI.create(adv.get(0).getScheme() + "://" + defaultHost + ":" + port)));
        return true;
    }

    // ------------------------------------------------------------------ result

    private static long ms(FlagValues fv, String name) {
        return fv.duration(name) / 1_000_000L;
    }

    private static long num(FlagValues fv, String name) {
        BigInteger v = fv.integer(name);
        return v.bitLength() > 63 ? (v.signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE) : v.longValue();
    }

    static String format(FlagValues fv, Def d) {
        Object v = fv.raw(d.name());
        switch (d.kind()) {
            case DURATION: return GoSyntax.formatDuration((Long) v);
            case URLS:
            case CORS_URLS: {
                FlagValues.Urls u = (FlagValues.Urls) v;
                if (u.urls != null && !u.urls.isEmpty() && !(u.values.size() == 1 && u.values.contains("*"))) {
                    List<String> all = new ArrayList<>();
                    for (URI x : u.urls) all.add(x.toString());
                    return String.join(",", all);
                }
                return String.join(",", new TreeSet<>(u.values));
            }
            case STRINGS:
            case UNIQUE_STRINGS: return String.join(",", fv.strings(d.name()));
            default: return String.valueOf(v);
        }
    }

    private static ServerConfig build(FlagValues fv, String configFile) {
        Map<String, String> raw = new LinkedHashMap<>();
        for (Def d : Flags.ALL.values()) {
            if (d.kind() == Kind.IGNORED || d.name().equals("version")) continue;
            raw.put(d.name(), format(fv, d));
        }
        raw.put("config-file", configFile);
        ServerConfig.TlsConfig client = new ServerConfig.TlsConfig(fv.str("cert-file"), fv.str("key-file"),
                fv.bool("client-cert-auth"), fv.str("trusted-ca-file"), fv.str("client-crl-file"), fv.bool("auto-tls"),
                "", fv.str("client-cert-allowed-hostname"));
        ServerConfig.TlsConfig peer = new ServerConfig.TlsConfig(fv.str("peer-cert-file"), fv.str("peer-key-file"),
                fv.bool("peer-client-cert-auth"), fv.str("peer-trusted-ca-file"), fv.str("peer-crl-file"),
                fv.bool("peer-auto-tls"), fv.str("peer-cert-allowed-cn"), fv.str("peer-cert-allowed-hostname"));
        return new ServerConfig(
                fv.str("name"), fv.str("data-dir"), fv.str("wal-dir"), num(fv, "snapshot-count"),
                num(fv, "heartbeat-interval"), num(fv, "election-timeout"), fv.bool("initial-election-tick-advance"),
                fv.urls("listen-peer-urls"), fv.urls("listen-client-urls"), fv.urls("listen-metrics-urls"),
                num(fv, "max-snapshots"), num(fv, "max-wals"), num(fv, "quota-backend-bytes"),
                ms(fv, "backend-batch-interval"), num(fv, "backend-batch-limit"), num(fv, "max-txn-ops"),
                num(fv, "max-request-bytes"), num(fv, "max-concurrent-streams"),
                ms(fv, "grpc-keepalive-min-time"), ms(fv, "grpc-keepalive-interval"), ms(fv, "grpc-keepalive-timeout"),
                fv.urls("initial-advertise-peer-urls"), fv.urls("advertise-client-urls"),
                fv.str("initial-cluster"), fv.str("initial-cluster-state"), fv.str("initial-cluster-token"),
                fv.str("discovery"), fv.str("discovery-fallback"), fv.str("discovery-proxy"), fv.str("discovery-srv"),
                fv.str("discovery-srv-name"), fv.bool("strict-reconfig-check"), fv.bool("pre-vote"),
                fv.str("auto-compaction-mode"), fv.str("auto-compaction-retention"), fv.bool("enable-v2"),
                fv.str("proxy"), num(fv, "proxy-failure-wait"), num(fv, "proxy-refresh-interval"),
                num(fv, "proxy-dial-timeout"), num(fv, "proxy-write-timeout"), num(fv, "proxy-read-timeout"),
                client, peer, fv.bool("experimental-peer-skip-client-san-verification"),
                fv.strings("cipher-suites"), fv.urlValues("cors"), new TreeSet<>(fv.strings("host-whitelist")),
                fv.str("auth-token"), num(fv, "bcrypt-cost"), num(fv, "auth-token-ttl"),
                fv.bool("enable-pprof"), fv.str("metrics"), fv.bool("enable-grpc-gateway"),
                fv.str("logger"), fv.strings("log-outputs"), fv.str("log-level"), fv.bool("debug"),
                fv.str("log-package-levels"),
                fv.bool("experimental-initial-corrupt-check"), ms(fv, "experimental-corrupt-check-time"),
                fv.str("experimental-enable-v2v3"), fv.str("experimental-backend-bbolt-freelist-type"),
                fv.bool("experimental-enable-lease-checkpoint"), fv.bool("experimental-enable-lease-checkpoint-persist"),
                num(fv, "experimental-compaction-batch-limit"), ms(fv, "experimental-watch-progress-notify-interval"),
                ms(fv, "experimental-warning-apply-duration"),
                fv.bool("unsafe-no-fsync"), fv.bool("force-new-cluster"),
                configFile, raw);
    }
}
