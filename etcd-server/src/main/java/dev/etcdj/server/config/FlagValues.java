package dev.etcdj.server.config;

import dev.etcdj.server.config.Flags.Def;
import dev.etcdj.server.config.Flags.Kind;
import dev.etcdj.server.config.GoSyntax.BadValue;

import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Mutable typed values of every etcd flag, plus the set of flags explicitly set (Go's {@code FlagSet.Visit}).
 * Setting a value follows the semantics of the corresponding Go flag.Value type in etcd's pkg/flags.
 */
final class FlagValues {

    /** flags.UniqueURLs: the string set and the parsed, sorted URLs. */
    static final class Urls {
        final Set<String> values = new LinkedHashSet<>();
        List<URI> urls = List.of();
    }

    private final Map<String, Object> values = new HashMap<>();
    private final Set<String> set = new LinkedHashSet<>();
    final List<String> warnings;

    FlagValues(List<String> warnings) {
        this.warnings = warnings;
        for (Def d : Flags.ALL.values()) {
            try {
                values.put(d.name(), initial(d));
            } catch (BadValue e) {
                throw new IllegalStateException("bad default for " + d.name(), e);
            }
        }
    }

    private Object initial(Def d) throws BadValue {
        switch (d.kind()) {
            case URLS:
            case CORS_URLS: {
                Urls u = new Urls();
                if (!d.defaultValue().isEmpty()) setUrls(u, d.defaultValue(), d.kind() == Kind.CORS_URLS ? "*" : "");
                return u;
            }
            case STRINGS:
                return d.defaultValue().isEmpty() ? List.<String>of() : List.of(d.defaultValue().split(",", -1));
            case UNIQUE_STRINGS: {
                TreeSet<String> s = new TreeSet<>();
                if (!d.defaultValue().isEmpty()) s.addAll(List.of(d.defaultValue().split(",", -1)));
                return s;
            }
            case IGNORED:
                return "";
            default:
                return parseScalar(d, d.defaultValue());
        }
    }

    static Object parseScalar(Def d, String s) throws BadValue {
        switch (d.kind()) {
            case STRING: return s;
            case BOOL: return GoSyntax.parseBool(s);
            case UINT: case UINT64: return GoSyntax.parseInteger(s, false, 64);
            case INT: case INT64: return GoSyntax.parseInteger(s, true, 64);
            case UINT32:
                try {
                    return GoSyntax.parseInteger(s, false, 32);
                } catch (BadValue e) {
                    // flags.Uint32Value returns strconv's error unwrapped
                    throw new BadValue("strconv.ParseUint: parsing " + GoSyntax.quote(s) + ": "
                            + (e.getMessage().equals(GoSyntax.RANGE_ERROR) ? "value out of range" : "invalid syntax"));
                }
            case DURATION: return GoSyntax.parseDuration(s);
            case SELECT:
                if (!d.valids().contains(s)) throw new BadValue("invalid value");
                return s;
            default: throw new IllegalArgumentException(d.kind().toString());
        }
    }

    private static void setUrls(Urls u, String s, String allowed) throws BadValue {
        if (u.values.contains(s)) return;
        if (s.equals(allowed)) { u.values.add(s); return; }
        List<URI> parsed = GoSyntax.parseUrls(s);
        u.values.clear();
        for (URI x : parsed) u.values.add(x.toString());
        u.urls = List.copyOf(parsed);
    }

    /** FlagSet.Set(name, value): parses and records the flag as set. */
    void set(String name, String s) throws BadValue {
        Def d = Flags.ALL.get(name);
        switch (d.kind()) {
            case URLS: setUrls((Urls) values.get(name), s, ""); break;
            case CORS_URLS: setUrls((Urls) values.get(name), s, "*"); break;
            case STRINGS: values.put(name, List.of(s.split(",", -1))); break;
            case UNIQUE_STRINGS: values.put(name, new TreeSet<>(List.of(s.split(",", -1)))); break;
            case IGNORED: warnings.add("flag \"-" + name + "\" is no longer supported - ignoring."); break;
            default: values.put(name, parseScalar(d, s));
        }
        set.add(name);
    }

    /** Replaces a value without marking the flag as set (used by the config-file path). */
    void put(String name, Object v) { values.put(name, v); }

    boolean isSet(String name) { return set.contains(name); }

    Set<String> setFlags() { return set; }

    String str(String name) { return (String) values.get(name); }

    boolean bool(String name) { return (Boolean) values.get(name); }

    BigInteger integer(String name) { return (BigInteger) values.get(name); }

    long duration(String name) { return (Long) values.get(name); }

    List<URI> urls(String name) { return ((Urls) values.get(name)).urls; }

    Set<String> urlValues(String name) { return ((Urls) values.get(name)).values; }

    @SuppressWarnings("unchecked")
    List<String> strings(String name) {
        Object o = values.get(name);
        if (o instanceof TreeSet<?> ts) return new ArrayList<>((TreeSet<String>) ts);
        return (List<String>) o;
    }

    Object raw(String name) { return values.get(name); }
}
