package dev.etcdj.cli.etcdctl;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;

import java.util.Base64;
import java.util.List;

/**
 * Renders protobuf messages the way Go's encoding/json renders etcd's gogo-generated structs: proto field
 * names as keys, zero values omitted ("omitempty"), int64/uint64 as numbers, enums as numbers, bytes as
 * base64, a oneof as {"OneofName":{"FieldName":...}} with Go CamelCase names.
 */
final class GoJson {
    private GoJson() {}

    static String of(Message m) {
        StringBuilder sb = new StringBuilder();
        write(sb, m);
        return sb.toString();
    }

    /** Writes the message as a JSON object. */
    static void write(StringBuilder sb, Message m) {
        sb.append('{');
        writeFields(sb, m, false);
        sb.append('}');
    }

    /**
     * Writes the message's fields without braces (used to embed a header struct's fields in another
     * object, as Go does for embedded struct pointers). Returns whether anything was written.
     */
    static boolean writeFields(StringBuilder sb, Message m, boolean needComma) {
        boolean first = !needComma;
        List<FieldDescriptor> fields = m.getDescriptorForType().getFields();
        OneofDescriptor lastOneof = null;
        for (FieldDescriptor f : fields) {
            OneofDescriptor oneof = f.getRealContainingOneof();
            if (oneof != null) {
                if (oneof == lastOneof) {
                    continue;
                }
                lastOneof = oneof;
                FieldDescriptor set = m.getOneofFieldDescriptor(oneof);
                if (set == null) {
                    continue;
                }
                if (!first) {
                    sb.append(',');
                }
                first = false;
                sb.append('"').append(camel(oneof.getName())).append("\":{\"").append(camel(set.getName())).append("\":");
                value(sb, f.getType() == null ? set : set, m.getField(set));
                sb.append('}');
                continue;
            }
            if (f.isRepeated()) {
                int n = m.getRepeatedFieldCount(f);
                if (n == 0) {
                    continue;
                }
                if (!first) {
                    sb.append(',');
                }
                first = false;
                sb.append('"').append(f.getName()).append("\":[");
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    value(sb, f, m.getRepeatedField(f, i));
                }
                sb.append(']');
                continue;
            }
            if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                if (!m.hasField(f)) {
                    continue;
                }
            } else if (isZero(f, m.getField(f))) {
                continue;
            }
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append('"').append(f.getName()).append("\":");
            value(sb, f, m.getField(f));
        }
        return !first;
    }

    static boolean isZero(FieldDescriptor f, Object v) {
        switch (f.getJavaType()) {
            case INT:
                return (Integer) v == 0;
            case LONG:
                return (Long) v == 0L;
            case BOOLEAN:
                return !(Boolean) v;
            case STRING:
                return ((String) v).isEmpty();
            case BYTE_STRING:
                return ((ByteString) v).isEmpty();
            case ENUM:
                return ((EnumValueDescriptor) v).getNumber() == 0;
            case FLOAT:
                return (Float) v == 0f;
            case DOUBLE:
                return (Double) v == 0d;
            default:
                return v == null;
        }
    }

    static void value(StringBuilder sb, FieldDescriptor f, Object v) {
        switch (f.getJavaType()) {
            case INT -> {
                int i = (Integer) v;
                if (f.getType() == FieldDescriptor.Type.UINT32 || f.getType() == FieldDescriptor.Type.FIXED32) {
                    sb.append(Integer.toUnsignedString(i));
                } else {
                    sb.append(i);
                }
            }
            case LONG -> {
                long l = (Long) v;
                if (f.getType() == FieldDescriptor.Type.UINT64 || f.getType() == FieldDescriptor.Type.FIXED64) {
                    sb.append(Long.toUnsignedString(l));
                } else {
                    sb.append(l);
                }
            }
            case BOOLEAN -> sb.append((boolean) (Boolean) v);
            case STRING -> GoFmt.jsonString(sb, (String) v);
            case BYTE_STRING -> sb.append('"').append(Base64.getEncoder().encodeToString(((ByteString) v).toByteArray())).append('"');
            case ENUM -> sb.append(((EnumValueDescriptor) v).getNumber());
            case MESSAGE -> write(sb, (Message) v);
            default -> sb.append(v);
        }
    }

    /** Go's generated CamelCase for a proto name: "response_delete_range" becomes "ResponseDeleteRange". */
    static String camel(String name) {
        StringBuilder sb = new StringBuilder();
        boolean up = true;
        for (char c : name.toCharArray()) {
            if (c == '_') {
                up = true;
                continue;
            }
            sb.append(up ? Character.toUpperCase(c) : c);
            up = false;
        }
        return sb.toString();
    }

    static String b64(ByteString b) {
        return Base64.getEncoder().encodeToString(b.toByteArray());
    }
}
