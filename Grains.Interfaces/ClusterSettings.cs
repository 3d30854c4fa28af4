namespace Orleans.Rec;

/// <summary>How silos and gateways find each other on the local profile (<c>Rec:Cluster</c>).</summary>
public sealed class ClusterSettings
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Rec:Cluster";

    /// <summary>Orleans service id; silos and clients must agree.</summary>
    public string ServiceId { get; set; } = "orleans-rec";

    /// <summary>Orleans cluster id; silos and clients must agree.</summary>
    public string ClusterId { get; set; } = "local";

    /// <summary>Silo-to-silo port of the primary (first) local silo.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port of the primary local silo.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// Explicit gateway endpoints (<c>host:port</c>) for clients; when empty, the client uses the local silo on
    /// <see cref="GatewayPort"/>.
    /// </summary>
    public string[] Gateways { get; set; } = [];
}
