using Orleans.TestingHost;

namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>Starts a real two-silo cluster over TCP on a data folder, plus a gateway (the real Client.Api) in front of it.</summary>
public static class RecCluster
{
    public static async Task<TestCluster> StartAsync(string dataDir, short silos = 2, IReadOnlyDictionary<string, string>? settings = null)
    {
        var builder = new TestClusterBuilder(silos);
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Options.ConfigureFileLogging = false;
        builder.Properties["Rec:DataDir"] = dataDir;
        builder.Properties["Rec:Profiles:WriteBehind"] = "00:00:00.200";
        builder.Properties["Rec:Popularity:FlushInterval"] = "00:00:00.100";
        builder.Properties["Rec:Inference:ConfigRefreshInterval"] = "00:00:00.100";
        builder.Properties["Rec:Monitoring:SampleInterval"] = "00:00:01";
        builder.Properties["Rec:Monitoring:AlertEvaluationInterval"] = "00:00:01";
        builder.Properties["Rec:Alerts:WebhookBackoff"] = "00:00:00.100";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.Properties[key] = value;
        }

        builder.AddSiloBuilderConfigurator<RecSiloConfigurator>();
        builder.AddClientBuilderConfigurator<RecClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
