namespace Orleans.Rec.Tests.Cluster;

public sealed class ClusterTlsSettingsValidatorTests
{
    [Fact]
    public void Validate_WhenOff_Succeeds() => Assert.True(new ClusterTlsSettingsValidator().Validate(null, new ClusterTlsSettings()).Succeeded);

    [Fact]
    public void Validate_WhenOnWithoutACertificate_NamesEachKey()
    {
        var result = new ClusterTlsSettingsValidator().Validate(null, new ClusterTlsSettings { Enabled = true, AllowedThumbprints = ["xyz"] });

        Assert.Equal(
            [
                "Rec:Cluster:Tls: set exactly one of Rec:Cluster:Tls:Certificate (base64 PFX) and Rec:Cluster:Tls:CertificatePath (PFX file) when Rec:Cluster:Tls:Enabled is true.",
                "Rec:Cluster:Tls:AllowedThumbprints:0 must be a SHA-1 or SHA-256 thumbprint in hex.",
            ],
            result.Failures);
    }

    [Fact]
    public void Validate_WhenCertificateUnreadable_SaysSoWithoutThePassword()
    {
        var result = new ClusterTlsSettingsValidator().Validate(null, new ClusterTlsSettings { Enabled = true, Certificate = Convert.ToBase64String([1, 2, 3]), CertificatePassword = "secret-password-123" });

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("Rec:Cluster:Tls: the certificate cannot be read (wrong Rec:Cluster:Tls:CertificatePassword, or not a PFX)", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-password-123", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenFileMissing_NamesThePath()
    {
        var result = new ClusterTlsSettingsValidator().Validate(null, new ClusterTlsSettings { Enabled = true, CertificatePath = "/nonexistent/cluster.pfx" });

        Assert.Equal(["Rec:Cluster:Tls:CertificatePath '/nonexistent/cluster.pfx' does not exist."], result.Failures);
    }
}
