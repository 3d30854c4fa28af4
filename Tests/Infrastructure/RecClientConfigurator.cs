using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>The test cluster's own client can publish events like the gateway does, over TLS when the cluster uses it.</summary>
public sealed class RecClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
        clientBuilder.AddMemoryStreams(RecNames.EventStreamProvider).UseRecTls(configuration);
}
