using Orleans.Connections.Security;
using Orleans.Rec;

namespace Orleans.Hosting;

/// <summary>TLS on a client's (the gateway's) connections to the silos, from <c>Rec:Cluster:Tls</c>.</summary>
public static class RecTlsClientBuilderExtensions
{
    /// <summary>When <c>Rec:Cluster:Tls:Enabled</c>: present the cluster certificate and accept only silos that present it.</summary>
    public static IClientBuilder UseRecTls(this IClientBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (ClusterTlsSettings.ReadEnabled(configuration) is not { } tls)
        {
            return builder;
        }

        var certificate = tls.LoadCertificate();
        return builder.UseTls(certificate, o =>
        {
            o.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            o.RemoteCertificateValidation = (remote, _, _) => tls.Accepts(remote, certificate);
        });
    }
}
