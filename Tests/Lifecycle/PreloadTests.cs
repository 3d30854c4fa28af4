using Microsoft.Extensions.DependencyInjection;
using Orleans.Rec.Inference;
using Orleans.Rec.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Orleans.Rec.Tests.Lifecycle;

/// <summary>A silo that joins loads every version that takes traffic before its first request needs it.</summary>
[Collection(LifecycleCollection.Name)]
public sealed class PreloadTests(LifecycleFixture fixture)
{
    [Fact]
    public async Task StartingSilo_LoadsTheActiveSplitAndShadowVersions()
    {
        var model = ApiCalls.NewId("preload");
        var items = TinyModel.ItemsFor(model);
        for (var v = 1; v <= 3; v++)
        {
            await fixture.Operator.UploadTinyAsync(model, items);
        }

        await fixture.Operator.ActivateAsync(model, 1);
        using (var put = await fixture.Operator.PutTrafficAsync(model, """{"splits":{"1":80,"2":20},"shadow":"3"}"""))
        {
            put.EnsureSuccessStatusCode();
        }

        var silo = (InProcessSiloHandle)await fixture.Cluster.StartAdditionalSiloAsync();
        try
        {
            // The silo's start includes the preload: once started, its engine holds all three versions.
            var engine = silo.SiloHost.Services.GetRequiredService<IInferenceEngine>();
            Assert.Equal([1, 2, 3], engine.Loaded.Where(m => m.Model == model).Select(m => m.Version).Order());
        }
        finally
        {
            await fixture.Cluster.StopSiloAsync(silo);
        }
    }
}
