using Orleans.TestingHost;

namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>Test silos run exactly what production silos run, with settings from the test cluster's properties.</summary>
public sealed class RecSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder) => siloBuilder.AddRecSilo();
}
