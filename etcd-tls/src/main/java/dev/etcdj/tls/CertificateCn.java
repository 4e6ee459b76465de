package dev.etcdj.tls;

import java.security.cert.X509Certificate;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** Extracts the subject Common Name of a certificate (used for etcd's client-cert auth by CN). */
public final class CertificateCn {
    private CertificateCn() {}

    /**
     * Returns the subject CN of {@code cert}, or the empty string when the subject has none (like Go's
     * {@code cert.Subject.CommonName}). When several CN attributes are present, the last one wins, as in Go.
     */
    public static String of(X509Certificate cert) {
        if (cert == null) {
            return "";
        }
        String dn = cert.getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253);
        try {
            String cn = "";
            // LdapName lists RDNs from the least significant (last in the string) to the most significant.
            for (Rdn rdn : new LdapName(dn).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    cn = String.valueOf(rdn.getValue());
                }
            }
            return cn;
        } catch (InvalidNameException e) {
            return "";
        }
    }
}
