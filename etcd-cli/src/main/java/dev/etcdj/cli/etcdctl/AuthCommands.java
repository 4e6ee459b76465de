package dev.etcdj.cli.etcdctl;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.etcdj.api.AuthEnableRequest;
import dev.etcdj.api.AuthDisableRequest;
import dev.etcdj.api.AuthGrpc;
import dev.etcdj.api.AuthRoleAddRequest;
import dev.etcdj.api.AuthRoleDeleteRequest;
import dev.etcdj.api.AuthRoleGetRequest;
import dev.etcdj.api.AuthRoleGetResponse;
import dev.etcdj.api.AuthRoleGrantPermissionRequest;
import dev.etcdj.api.AuthRoleListRequest;
import dev.etcdj.api.AuthRoleListResponse;
import dev.etcdj.api.AuthRoleRevokePermissionRequest;
import dev.etcdj.api.AuthUserAddRequest;
import dev.etcdj.api.AuthUserChangePasswordRequest;
import dev.etcdj.api.AuthUserDeleteRequest;
import dev.etcdj.api.AuthUserGetRequest;
import dev.etcdj.api.AuthUserGetResponse;
import dev.etcdj.api.AuthUserGrantRoleRequest;
import dev.etcdj.api.AuthUserListRequest;
import dev.etcdj.api.AuthUserListResponse;
import dev.etcdj.api.AuthUserRevokeRoleRequest;
import dev.etcdj.api.Permission;
import dev.etcdj.api.ResponseHeader;
import dev.etcdj.api.UserAddOptions;
import io.grpc.StatusRuntimeException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** auth, user and role commands. */
final class AuthCommands {
    private AuthCommands() {}

    private static EtcdctlException bad(String m) {
        return new EtcdctlException(Exit.BAD_ARGS, m);
    }

    private static AuthGrpc.AuthBlockingStub auth(Cmd c) {
        return c.client().stub(AuthGrpc::newBlockingStub);
    }

    /** Prints a response: json/protobuf as the RPC message, simple via the given text, fields via the header. */
    private static void show(Cmd c, Message resp, ResponseHeader h, String simple) {
        Printer p = c.printer();
        if (p.rpc(resp)) {
            return;
        }
        if (p.format.equals("fields")) {
            p.fieldsHdr(h);
            return;
        }
        c.out.println(simple);
    }

    // ------------------------------------------------------------------------------------------ auth

    static void authEnable(Cmd c) {
        if (!c.args.isEmpty()) {
            throw bad("auth enable command does not accept any arguments");
        }
        c.client();
        while (true) {
            try {
                auth(c).authEnable(AuthEnableRequest.getDefaultInstance());
                break;
            } catch (StatusRuntimeException e) {
                String t = Client.errorText(e);
                if (!t.equals("etcdserver: root user does not have root role")) {
                    throw new EtcdctlException(Exit.ERROR, t);
                }
                try {
                    auth(c).roleAdd(AuthRoleAddRequest.newBuilder().setName("root").build());
                    auth(c).userGrantRole(AuthUserGrantRoleRequest.newBuilder().setUser("root").setRole("root").build());
                } catch (StatusRuntimeException e2) {
                    throw new EtcdctlException(Exit.ERROR, Client.errorText(e2));
                }
            }
        }
        c.out.println("Authentication Enabled");
    }

    static void authDisable(Cmd c) {
        if (!c.args.isEmpty()) {
            throw bad("auth disable command does not accept any arguments");
        }
        try {
            auth(c).authDisable(AuthDisableRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            throw new EtcdctlException(Exit.ERROR, Client.errorText(e));
        }
        c.out.println("Authentication Disabled");
    }

    // ------------------------------------------------------------------------------------------ user

    private static String readToken(Cmd c) {
        // fmt.Scanf("%s"): the first whitespace-delimited word of stdin
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int ch;
            while ((ch = c.in.read()) >= 0 && (ch == ' ' || ch == '\t')) {
                // skip leading blanks
            }
            while (ch >= 0 && ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r') {
                b.write(ch);
                ch = c.in.read();
            }
            return b.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String readPasswordInteractive(Cmd c, String name) {
        String p1 = ask(c, "Password of " + name + ": ");
        if (p1.isEmpty()) {
            throw bad("empty password");
        }
        String p2 = ask(c, "Type password of " + name + " again for confirmation: ");
        if (!p1.equals(p2)) {
            throw bad("given passwords are different");
        }
        return p1;
    }

    private static String ask(Cmd c, String prompt) {
        java.io.Console console = System.console();
        if (console != null && c.in == System.in) {
            char[] pw = console.readPassword("%s", prompt);
            return pw == null ? "" : new String(pw);
        }
        c.out.print(prompt);
        c.out.flush();
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int ch;
            while ((ch = c.in.read()) >= 0 && ch != '\n') {
                if (ch != '\r') {
                    b.write(ch);
                }
            }
            c.out.println();
            return b.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw bad("failed to ask password: " + e.getMessage());
        }
    }

    static void userAdd(Cmd c) {
        if (c.args.size() != 1) {
            throw bad("user add command requires user name as its argument");
        }
        String user;
        String password = "";
        boolean noPassword = c.bool("no-password");
        if (!noPassword) {
            String fromFlag = c.str("new-user-password");
            if (!fromFlag.isEmpty()) {
                user = c.args.get(0);
                password = fromFlag;
            } else {
                String a = c.args.get(0);
                int colon = a.indexOf(':');
                if (colon < 0) {
                    user = a;
                    password = c.bool("interactive") ? readPasswordInteractive(c, a) : readToken(c);
                } else {
                    user = a.substring(0, colon);
                    password = a.substring(colon + 1);
                    if (user.isEmpty()) {
                        throw bad("empty user name is not allowed");
                    }
                }
            }
        } else {
            user = c.args.get(0);
        }
        try {
            var r = auth(c).userAdd(AuthUserAddRequest.newBuilder().setName(user).setPassword(password)
                    .setOptions(UserAddOptions.newBuilder().setNoPassword(noPassword)).build());
            show(c, r, r.getHeader(), "User " + user + " created");
        } catch (StatusRuntimeException e) {
            throw new EtcdctlException(Exit.ERROR, Client.errorText(e));
        }
    }

    static void userDelete(Cmd c) {
        if (c.args.size() != 1) {
            throw bad("user delete command requires user name as its argument");
        }
        try {
            var r = auth(c).userDelete(AuthUserDeleteRequest.newBuilder().setName(c.args.get(0)).build());
            show(c, r, r.getHeader(), "User " + c.args.get(0) + " deleted");
        } catch (StatusRuntimeException e) {
            throw new EtcdctlException(Exit.ERROR, Client.errorText(e));
        }
    }

    static void userGet(Cmd c) {
        if (c.args.size() != 1) {
            throw bad("user get command requires user name as its argument");
        }
        String name = c.args.get(0);
        AuthUserGetResponse r;
        try {
            r = auth(c).userGet(AuthUserGetRequest.newBuilder().setName(name).build());
        } catch (StatusRuntimeException e) {
            throw new EtcdctlException(Exit.ERROR, Client.errorText(e));
        }
        Printer p = c.printer();
        if (c.bool("detail")) {
            c.out.println("User: " + name);
            for (String role : r.getRolesList()) {
                c.out.println();
                AuthRoleGetResponse rr;
                try {
                    rr = auth(c).roleGet(AuthRoleGetRequest.newBuilder().setRole(role).build());
                } catch (StatusRuntimeException e) {
                    throw new EtcdctlException(Exit.ERROR, Client.errorText(e));
                }
                roleGetOut(c, role, rr);
            }
            return;
        }
        if (p.rpc(r)) {
            return;
        }
        if (p.format.equals("fields")) {
            throw p.unsupported();
        }
        StringBuilder sb = new StringBuilder("User: ").append(name).append("\nRoles:");
        for (String role : r.getRolesList()) {
            sb.append(' ').append(role);
        }
        c.out.println(sb.toString());
    }

    static void userList(Cmd c) {
        if (!c.args.isEmpty()) {
            throw bad("user list command requires no arguments");
        }
        AuthUserListResponse r;
        try {
            r = auth(c).userList(AuthUserListRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            throw new EtcdctlException(Exit.ERROR, Client.errorText(e));
        }
        Printer p = c.printer();
        if (p.rpc(r)) {
            return;
        }
        if (p.format.equals("fields")) {
            throw p.unsupported();
        }
        for (String u : r.getUsersList()) {
            c.out.println(u);
        }
    }

    static void userPasswd(Cmd c) {
        if (c.args.size() != 1) {
            throw bad("user passwd command requires user name as its argument");
        }
        String pw = c.bool("interactive") ? readPasswordInteractive(c, c.args.get(0)) : readToken(c);
        try {
            var r = auth(c).userChangePassword(AuthUserChangePasswordRequest.newBuilder().setName(c.args.get(0))
                    .setPassword(pw).build());
            show(c, r, r.getHeader(), "Password updated");
        } catch (StatusRuntimeException e) {
            throw new EtcdctlException(Exit.ERROR, Client.errorText(e));
        }
    }

    static void userGrantRole(Cmd c) {
        if (c.args.size() != 2) {
            throw bad("user grant command requires user name and role name as its argument");
        }
        try {
            var r = auth(c).userGrantRole(AuthUserGrantRoleRequest.newBuilder().setUser(c.args.get(0))
                    .setRole(c.args.get(1)).build());
            show(c, r, r.getHeader(), "Role " + c.args.get(1) + " is granted to user " + c.args.get(0));
        } catch (StatusRuntimeException e) {
            throw new EtcdctlException(Exit.ERROR, Client.errorText(e));
        }
    }

    static void userRevokeRole(Cmd c) {
        if (c.args.size() != 2) {
            throw bad("user revoke-role requires user name and role name as its argument");
        }
        try {
            var r = auth(c).userRevokeRole(AuthUserRevokeRoleRequest.newBuilder().setName(c.args.get(0))
                    .setRole(c.args.get(1)).build());
            show(c, r, r.getHeader(), "Role " + c.args.get(1) + " is revoked from user " + c.args.get(0));
        } catch (StatusRuntimeException e) {
            throw new EtcdctlException(Exit.ERROR, Client.errorText(e));
        }
    }

    // ------------------------------------------------------------------------------------------ role

    static void roleAdd(Cmd c) {
        if (c.args.size() != 1) {
            throw bad("role add command requires role name as its argument");
        }
        try {
            var r = auth(c).roleAdd(AuthRoleAddRequest.newBuilder().setName(c.args.get(0)).build());
            show(c, r, r.getHeader(), "Role " + c.args.get(0) + " created");
        } catch (StatusRuntimeException e) {
            throw new EtcdctlException(Exit.ERROR, Client.errorText(e));
        }
    }

    static void roleDelete(Cmd c) {
        if (c.args.size() != 1) {
            throw bad("role delete command requires role name as its argument");
        }
        try {
            var r = auth(c).roleDelete(AuthRoleDeleteRequest.newBuilder().setRole(c.args.get(0)).build());
            show(c, r, r.getHeader(), "Role " + c.args.get(0) + " deleted");
        } catch (StatusRuntimeException e) {
            throw new EtcdctlException(Exit.ERROR, Client.errorText(e));
        }
    }

    static void roleGet(Cmd c) {
        if (c.args.size() != 1) {
            throw bad("role get command requires role name as its argument");
        }
        String name = c.args.get(0);
        AuthRoleGetResponse r;
        try {
            r = auth(c).roleGet(AuthRoleGetRequest.newBuilder().setRole(name).build());
        } catch (StatusRuntimeException e) {
            throw new EtcdctlException(Exit.ERROR, Client.errorText(e));
        }
        roleGetOut(c, name, r);
    }

    private static void roleGetOut(Cmd c, String name, AuthRoleGetResponse r) {
        Printer p = c.printer();
        if (p.rpc(r)) {
            return;
        }
        if (p.format.equals("fields")) {
            p.fieldsHdr(r.getHeader());
            for (Permission perm : r.getPermList()) {
                c.out.println("\"PermType\" :  " + perm.getPermType().name());
                c.out.println("\"Key\" : " + GoFmt.quote(perm.getKey().toByteArray()));
                c.out.println("\"RangeEnd\" : " + GoFmt.quote(perm.getRangeEnd().toByteArray()));
            }
            return;
        }
        c.out.println("Role " + name);
        c.out.println("KV Read:");
        for (Permission perm : r.getPermList()) {
            if (perm.getPermType() == Permission.Type.READ || perm.getPermType() == Permission.Type.READWRITE) {
                printPerm(c, perm);
            }
        }
        c.out.println("KV Write:");
        for (Permission perm : r.getPermList()) {
            if (perm.getPermType() == Permission.Type.WRITE || perm.getPermType() == Permission.Type.READWRITE) {
                printPerm(c, perm);
            }
        }
    }

    private static void printPerm(Cmd c, Permission perm) {
        byte[] key = perm.getKey().toByteArray();
        byte[] end = perm.getRangeEnd().toByteArray();
        if (end.length == 0) {
            c.out.print("\t").write(key).println();
            return;
        }
        boolean openEnded = end.length == 1 && end[0] == 0;
        if (!openEnded) {
            c.out.print("\t[").write(key).print(", ").write(end).print(")");
        } else {
            c.out.print("\t[").write(key).print(", <open ended>");
        }
        if (Commands.prefixEnd(perm.getKey()).equals(perm.getRangeEnd())) {
            c.out.print(" (prefix ").write(key).print(")");
        }
        c.out.println();
    }

    static void roleList(Cmd c) {
        if (!c.args.isEmpty()) {
            throw bad("role list command requires no arguments");
        }
        AuthRoleListResponse r;
        try {
            r = auth(c).roleList(AuthRoleListRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            throw new EtcdctlException(Exit.ERROR, Client.errorText(e));
        }
        Printer p = c.printer();
        if (p.rpc(r)) {
            return;
        }
        if (p.format.equals("fields")) {
            p.fieldsHdr(r.getHeader());
            StringBuilder sb = new StringBuilder("\"Roles\" :");
            for (String role : r.getRolesList()) {
                sb.append(' ').append(GoFmt.quote(role));
            }
            c.out.println(sb.toString());
            return;
        }
        for (String role : r.getRolesList()) {
            c.out.println(role);
        }
    }

    /** The [key, range_end) of role grant/revoke-permission. */
    private static ByteString[] permRange(Cmd c, java.util.List<String> a) {
        boolean prefix = c.bool("prefix");
        boolean fromKey = c.bool("from-key");
        String key = a.get(0);
        if (key.isEmpty()) {
            if (prefix && fromKey) {
                throw bad("--from-key and --prefix flags are mutually exclusive");
            }
            ByteString zero = ByteString.copyFrom(new byte[] {0});
            return new ByteString[] {zero, prefix || fromKey ? zero : ByteString.EMPTY};
        }
        ByteString k = Commands.bs(key);
        if (a.size() == 1) {
            if (prefix) {
                if (fromKey) {
                    throw bad("--from-key and --prefix flags are mutually exclusive");
                }
                return new ByteString[] {k, Commands.prefixEnd(k)};
            }
            if (fromKey) {
                return new ByteString[] {k, ByteString.copyFrom(new byte[] {0})};
            }
            return new ByteString[] {k, ByteString.EMPTY};
        }
        if (prefix) {
            throw bad("unexpected endkey argument with --prefix flag");
        }
        if (fromKey) {
            throw bad("unexpected endkey argument with --from-key flag");
        }
        return new ByteString[] {k, Commands.bs(a.get(1))};
    }

    static void roleGrantPermission(Cmd c) {
        if (c.args.size() < 3) {
            throw bad("role grant command requires role name, permission type, and key [endkey] as its argument");
        }
        Permission.Type type;
        switch (c.args.get(1).toUpperCase(Locale.ROOT)) {
            case "READ" -> type = Permission.Type.READ;
            case "WRITE" -> type = Permission.Type.WRITE;
            case "READWRITE" -> type = Permission.Type.READWRITE;
            default -> throw bad("invalid permission type: " + c.args.get(1));
        }
        ByteString[] range = permRange(c, c.args.subList(2, c.args.size()));
        try {
            var r = auth(c).roleGrantPermission(AuthRoleGrantPermissionRequest.newBuilder().setName(c.args.get(0))
                    .setPerm(Permission.newBuilder().setPermType(type).setKey(range[0]).setRangeEnd(range[1])).build());
            show(c, r, r.getHeader(), "Role " + c.args.get(0) + " updated");
        } catch (StatusRuntimeException e) {
            throw new EtcdctlException(Exit.ERROR, Client.errorText(e));
        }
    }

    static void roleRevokePermission(Cmd c) {
        if (c.args.size() < 2) {
            throw bad("role revoke-permission command requires role name and key [endkey] as its argument");
        }
        ByteString[] range = permRange(c, c.args.subList(1, c.args.size()));
        try {
            var r = auth(c).roleRevokePermission(AuthRoleRevokePermissionRequest.newBuilder().setRole(c.args.get(0))
                    .setKey(range[0]).setRangeEnd(range[1]).build());
            Printer p = c.printer();
            if (p.rpc(r)) {
                return;
            }
            if (p.format.equals("fields")) {
                p.fieldsHdr(r.getHeader());
                return;
            }
            String role = c.args.get(0);
            String key = c.args.get(1);
            byte[] end = range[1].toByteArray();
            if (end.length == 0) {
                c.out.println("Permission of key " + key + " is revoked from role " + role);
            } else if (!(end.length == 1 && end[0] == 0)) {
                c.out.print("Permission of range [" + key + ", ").write(end).println(") is revoked from role " + role);
            } else {
                c.out.println("Permission of range [" + key + ", <open ended> is revoked from role " + role);
            }
        } catch (StatusRuntimeException e) {
            throw new EtcdctlException(Exit.ERROR, Client.errorText(e));
        }
    }
}
