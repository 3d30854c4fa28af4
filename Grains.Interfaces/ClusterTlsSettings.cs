using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Orleans.Rec;

/// <summary>
/// TLS between silos and from gateways (clients) to silos, under <c>Rec:Cluster:Tls</c>: off by default (the local
/// profile: one process, or loopback only), on in <c>infra/</c>. Every node presents the cluster certificate and
/// accepts only a peer that presents it too (or one listed in <see cref="AllowedThumbprints"/>, for a rotation).
/// </summary>
public sealed class ClusterTlsSettings
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = ClusterSettings.SectionName + ":Tls";

    /// <summary>Whether silo-to-silo and client-to-silo connections use TLS.</summary>
    public bool Enabled { get; set; }

    /// <summary>The certificate as a base64 PKCS#12 (PFX) blob, e.g. from a Key Vault secret; or use <see cref="CertificatePath"/>.</summary>
    public string? Certificate { get; set; }

    /// <summary>A PKCS#12 (PFX) file holding the certificate and its private key; or use <see cref="Certificate"/>.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PFX's password (a secret: never logged); empty for none.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Thumbprints of further peer certificates to accept besides this node's own (while rotating the certificate).</summary>
    public string[] AllowedThumbprints { get; set; } = [];

    /// <summary>
    /// The settings when TLS is on, null when off. Read while the host is built (Orleans takes the certificate then):
    /// invalid settings throw now, naming each key, as the options validation would at start.
    /// </summary>
    public static ClusterTlsSettings? ReadEnabled(IConfiguration configuration)
    {
        var tls = configuration.GetSection(SectionName).Get<ClusterTlsSettings>() ?? new ClusterTlsSettings();
        if (!tls.Enabled)
        {
            return null;
        }

        var result = new ClusterTlsSettingsValidator().Validate(null, tls);
        if (result.Failed)
        {
            throw new OptionsValidationException(SectionName, typeof(ClusterTlsSettings), result.Failures);
        }

        return tls;
    }

    /// <summary>Loads the configured certificate with its private key; throws when it cannot (the validator says why first).</summary>
    public X509Certificate2 LoadCertificate()
    {
        var password = string.IsNullOrEmpty(CertificatePassword) ? null : CertificatePassword;
        return string.IsNullOrWhiteSpace(Certificate)
            ? X509CertificateLoader.LoadPkcs12FromFile(CertificatePath!, password)
            : X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(Certificate), password);
    }

    /// <summary>
    /// Whether a peer presenting <paramref name="remote"/> belongs to the cluster: it presents the cluster certificate
    /// (<paramref name="own"/>) or one allowed by thumbprint. Chain and name errors do not matter (nodes connect by IP
    /// address and the certificate is usually self-signed); what matters is that the peer holds the key.
    /// </summary>
    public bool Accepts(X509Certificate2? remote, X509Certificate2 own) =>
        remote is not null
            && (string.Equals(remote.Thumbprint, own.Thumbprint, StringComparison.OrdinalIgnoreCase)
                || AllowedThumbprints.Any(t => string.Equals(t, remote.Thumbprint, StringComparison.OrdinalIgnoreCase)));
}
