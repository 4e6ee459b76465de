package dev.etcdj.cli.transport;

import io.grpc.Metadata;
import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** gRPC over HTTP/2's headers: the request's, and the status and metadata of responses and trailers. */
final class GrpcHeaders {
    private GrpcHeaders() {}

    static byte[] request(String scheme, String authority, String fullMethod, long timeoutNanos, Metadata md) {
        HpackEncoder e = new HpackEncoder()
                .add(":method", "POST")
                .add(":scheme", scheme)
                .add(":path", "/".concat(fullMethod))
                .add(":authority", authority)
                .add("content-type", "application/grpc")
                .add("user-agent", "grpc-java-etcdj")
                .add("te", "trailers");
        if (timeoutNanos >= 0) {
            e.add("grpc-timeout", timeout(timeoutNanos));
        }
        for (String name : md.keys()) {
            if (name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                for (byte[] v : md.getAll(Metadata.Key.of(name, Metadata.BINARY_BYTE_MARSHALLER))) {
                    e.add(name, Base64.getEncoder().withoutPadding().encodeToString(v));
                }
            } else {
                for (String v : md.getAll(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER))) {
                    e.add(name, v);
                }
            }
        }
        return e.toByteArray();
    }

    /** grpc-timeout: at most 8 digits and a unit (concat, not +: the first indy string concatenation costs start-up time). */
    static String timeout(long nanos) {
        long n = Math.max(nanos, 1);
        String[] units = {"n", "u", "m", "S"};
        for (String unit : units) {
            if (n < 100_000_000L) {
                return Long.toString(n).concat(unit);
            }
            n /= 1000;
        }
        if (n < 100_000_000L) {
            return Long.toString(n).concat("S");
        }
        return Long.toString(Math.min(n / 3600, 99_999_999L)).concat("H");
    }

    /** The metadata of response headers or trailers (the pseudo-headers and HTTP's own left out). */
    static Metadata metadata(List<HpackDecoder.Field> fields) {
        Metadata md = new Metadata();
        for (HpackDecoder.Field f : fields) {
            String n = f.name();
            if (n.startsWith(":") || n.equals("content-type") || n.equals("grpc-status") || n.equals("grpc-message")) {
                continue;
            }
            try {
                if (n.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                    md.put(Metadata.Key.of(n, Metadata.BINARY_BYTE_MARSHALLER), Base64.getDecoder().decode(f.value().trim()));
                } else {
                    md.put(Metadata.Key.of(n, Metadata.ASCII_STRING_MARSHALLER), f.value());
                }
            } catch (IllegalArgumentException e) {
                // a field that is not valid metadata is left out
            }
        }
        return md;
    }

    static String get(List<HpackDecoder.Field> fields, String name) {
        for (HpackDecoder.Field f : fields) {
            if (f.name().equals(name)) {
                return f.value();
            }
        }
        return null;
    }

    /** The HTTP status of a response that is not gRPC's 200, or null when it is. */
    static Status httpFailure(List<HpackDecoder.Field> fields) {
        String status = get(fields, ":status");
        if (status == null || status.equals("200")) {
            return null;
        }
        Status.Code code;
        switch (status) {
            case "400" -> code = Status.Code.INTERNAL;
            case "401" -> code = Status.Code.UNAUTHENTICATED;
            case "403" -> code = Status.Code.PERMISSION_DENIED;
            case "404" -> code = Status.Code.UNIMPLEMENTED;
            case "429", "502", "503", "504" -> code = Status.Code.UNAVAILABLE;
            default -> code = Status.Code.UNKNOWN;
        }
        return code.toStatus().withDescription("unexpected HTTP status code received from server: " + status);
    }

    /** The status of trailers (or of a trailers-only response). */
    static Status status(List<HpackDecoder.Field> fields) {
        String code = get(fields, "grpc-status");
        if (code == null) {
            Status http = httpFailure(fields);
            return http != null ? http : Status.INTERNAL.withDescription("server closed the stream without sending trailers");
        }
        Status s;
        try {
            s = Status.fromCodeValue(Integer.parseInt(code.trim()));
        } catch (NumberFormatException e) {
            return Status.INTERNAL.withDescription("transport: malformed grpc-status: " + code);
        }
        String message = get(fields, "grpc-message");
        return message == null || message.isEmpty() ? s : s.withDescription(percentDecode(message));
    }

    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
