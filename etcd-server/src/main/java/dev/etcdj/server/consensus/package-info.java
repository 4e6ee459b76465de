/**
 * The seam between the server and consensus: proposals go in, committed entries come out in
 * log order, and linearizable reads ask for a read index. A single member commits an entry as
 * soon as it is durable in its own WAL; a Raft-replicated member once a quorum has it.
 */
package dev.etcdj.server.consensus;
