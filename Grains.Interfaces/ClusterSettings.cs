namespace Orleans.Rec;

/// <summary>How silos and gateways find each other (<c>Rec:Cluster</c>), on the Local and the Cluster profile.</summary>
public sealed class ClusterSettings
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Rec:Cluster";

    /// <summary>Cluster profile: where membership, grain state and reminders live (Azure Storage unless Redis).</summary>
    public ClusterStorage Storage { get; set; } = ClusterStorage.AzureStorage;

    /// <summary>Orleans service id; silos and clients must agree.</summary>
    public string ServiceId { get; set; } = "orleans-rec";

    /// <summary>Orleans cluster id; silos and clients must agree.</summary>
    public string ClusterId { get; set; } = "local";

    /// <summary>Silo-to-silo port: of the primary (first) local silo, or of this silo on the Cluster profile.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port: of the primary local silo, or of this silo on the Cluster profile.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// Explicit gateway endpoints (<c>host:port</c>) for clients; when empty, the client uses the local silo on
    /// <see cref="GatewayPort"/>.
    /// </summary>
    public string[] Gateways { get; set; } = [];

    /// <summary>
    /// Cluster profile, gateway: how often the gateway re-reads the live silos from the membership table. After every
    /// silo restarted (new addresses) the gateway finds the cluster again within this period.
    /// </summary>
    public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Cluster profile: the IP address this silo advertises to the others; when empty, the first address the host
    /// name resolves to (in Azure Container Apps, the replica's own address).
    /// </summary>
    public string? AdvertisedIPAddress { get; set; }

    /// <summary>Every problem with the Cluster profile's silo settings, naming each key at fault.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (SiloPort is < 1 or > 65535)
        {
            problems.Add($"{SectionName}:SiloPort must be between 1 and 65535.");
        }

        if (GatewayPort is < 1 or > 65535 || GatewayPort == SiloPort)
        {
            problems.Add($"{SectionName}:GatewayPort must be between 1 and 65535 and differ from {SectionName}:SiloPort.");
        }

        if (!string.IsNullOrWhiteSpace(AdvertisedIPAddress) && !System.Net.IPAddress.TryParse(AdvertisedIPAddress, out _))
        {
            problems.Add($"{SectionName}:AdvertisedIPAddress '{AdvertisedIPAddress}' is not an IP address.");
        }

        if (GatewayListRefreshPeriod <= TimeSpan.Zero)
        {
            problems.Add($"{SectionName}:GatewayListRefreshPeriod must be positive.");
        }

        if (string.IsNullOrWhiteSpace(ServiceId))
        {
            problems.Add($"{SectionName}:ServiceId is required.");
        }

        if (string.IsNullOrWhiteSpace(ClusterId))
        {
            problems.Add($"{SectionName}:ClusterId is required.");
        }

        return problems;
    }
}
