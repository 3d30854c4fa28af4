using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Orleans.Rec;

/// <summary>Checks <c>Rec:Cluster:Tls</c> and names every problem at once (never the password).</summary>
public sealed class ClusterTlsSettingsValidator : IValidateOptions<ClusterTlsSettings>
{
    /// <summary>Every problem with <paramref name="options"/>, or success when TLS is off.</summary>
    public ValidateOptionsResult Validate(string? name, ClusterTlsSettings options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var key = ClusterTlsSettings.SectionName;
        var problems = new List<string>();
        var inline = !string.IsNullOrWhiteSpace(options.Certificate);
        var file = !string.IsNullOrWhiteSpace(options.CertificatePath);
        if (inline == file)
        {
            problems.Add($"{key}: set exactly one of {key}:Certificate (base64 PFX) and {key}:CertificatePath (PFX file) when {key}:Enabled is true.");
        }
        else if (file && !File.Exists(options.CertificatePath))
        {
            problems.Add($"{key}:CertificatePath '{options.CertificatePath}' does not exist.");
        }
        else
        {
            try
            {
                using var certificate = options.LoadCertificate();
                if (!certificate.HasPrivateKey)
                {
                    problems.Add($"{key}: the certificate has no private key (a PFX with the key is needed).");
                }
            }
            catch (Exception e) when (e is CryptographicException or FormatException)
            {
                problems.Add($"{key}: the certificate cannot be read (wrong {key}:CertificatePassword, or not a PFX): {e.GetType().Name}.");
            }
        }

        for (var i = 0; i < options.AllowedThumbprints.Length; i++)
        {
            if (options.AllowedThumbprints[i] is not { Length: 40 or 64 } thumbprint || !thumbprint.All(Uri.IsHexDigit))
            {
                problems.Add($"{key}:AllowedThumbprints:{i} must be a SHA-1 or SHA-256 thumbprint in hex.");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
