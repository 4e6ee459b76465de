package dev.etcdj.cli.etcdctl;

/**
 * Runs a leaf command's implementation. A switch rather than method references in the command table:
 * linking dozens of lambdas at start-up costs etcdctl measurable time for a command that runs one.
 */
final class Dispatch {
    private Dispatch() {}

    static void run(Cmd c) throws Exception {
        switch (c.def.path()) {
            case "get" -> Commands.get(c);
            case "put" -> Commands.put(c);
            case "del" -> Commands.del(c);
            case "txn" -> Commands.txn(c);
            case "compaction" -> Commands.compaction(c);
            case "alarm disarm" -> Commands.alarmDisarm(c);
            case "alarm list" -> Commands.alarmList(c);
            case "defrag" -> Commands.defrag(c);
            case "endpoint health" -> Commands.endpointHealth(c);
            case "endpoint status" -> Commands.endpointStatus(c);
            case "endpoint hashkv" -> Commands.endpointHashKV(c);
            case "move-leader" -> Commands.moveLeader(c);
            case "watch" -> Commands.watch(c);
            case "version" -> Commands.version(c);
            case "lease grant" -> Commands.leaseGrant(c);
            case "lease revoke" -> Commands.leaseRevoke(c);
            case "lease timetolive" -> Commands.leaseTimeToLive(c);
            case "lease list" -> Commands.leaseList(c);
            case "lease keep-alive" -> Commands.leaseKeepAlive(c);
            case "member add" -> Commands.memberAdd(c);
            case "member remove" -> Commands.memberRemove(c);
            case "member update" -> Commands.memberUpdate(c);
            case "member list" -> Commands.memberList(c);
            case "member promote" -> Commands.memberPromote(c);
            case "snapshot save" -> Commands.snapshotSave(c);
            case "snapshot restore" -> Commands.snapshotRestore(c);
            case "snapshot status" -> Commands.snapshotStatus(c);
            case "lock" -> Commands.lock(c);
            case "elect" -> Commands.elect(c);
            case "auth enable" -> AuthCommands.authEnable(c);
            case "auth disable" -> AuthCommands.authDisable(c);
            case "user add" -> AuthCommands.userAdd(c);
            case "user delete" -> AuthCommands.userDelete(c);
            case "user get" -> AuthCommands.userGet(c);
            case "user list" -> AuthCommands.userList(c);
            case "user passwd" -> AuthCommands.userPasswd(c);
            case "user grant-role" -> AuthCommands.userGrantRole(c);
            case "user revoke-role" -> AuthCommands.userRevokeRole(c);
            case "role add" -> AuthCommands.roleAdd(c);
            case "role delete" -> AuthCommands.roleDelete(c);
            case "role get" -> AuthCommands.roleGet(c);
            case "role list" -> AuthCommands.roleList(c);
            case "role grant-permission" -> AuthCommands.roleGrantPermission(c);
            case "role revoke-permission" -> AuthCommands.roleRevokePermission(c);
            case "make-mirror" -> MakeMirror.run(c);
            case "migrate" -> Migrate.run(c);
            case "check perf" -> CheckCommands.perf(c);
            case "check datascale" -> CheckCommands.datascale(c);
            default -> throw new IllegalStateException("no implementation for " + c.def.path());
        }
    }
}
