using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Connections.Security;
using Orleans.Rec;

namespace Orleans.Hosting;

/// <summary>TLS on a silo's silo-to-silo and gateway connections, from <c>Rec:Cluster:Tls</c>.</summary>
public static class RecTlsSiloBuilderExtensions
{
    /// <summary>
    /// When <c>Rec:Cluster:Tls:Enabled</c>: every inbound connection (silos and clients) must present the cluster
    /// certificate, and outbound ones present it. Invalid settings fail here, naming each key.
    /// </summary>
    public static ISiloBuilder UseRecTls(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ClusterTlsSettings>().BindConfiguration(ClusterTlsSettings.SectionName).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterTlsSettings>, ClusterTlsSettingsValidator>());
        if (ClusterTlsSettings.ReadEnabled(builder.Configuration) is not { } tls)
        {
            return builder;
        }

        var certificate = tls.LoadCertificate();
        return builder.UseTls(certificate, o =>
        {
            o.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            o.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            o.RemoteCertificateValidation = (remote, _, _) => tls.Accepts(remote, certificate);
        });
    }
}
