using System.Collections.Concurrent;
using System.Diagnostics;
using Orleans.Rec.Diagnostics;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Api;

/// <summary>One trace per request: the caller's trace continues from the gateway through the grains to inference.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TracingTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Recommendations_WhenCallerSendsTraceparent_InferenceSpanIsInThatTrace()
    {
        var model = ApiCalls.NewId("trace");
        var items = TinyModel.ItemsFor(model);
        await fixture.Http.DeployTinyModelAsync(model, items);
        var user = ApiCalls.NewId("user");
        await fixture.Http.PostEventsAsync(ApiCalls.View(user, items[0]));
        await fixture.Http.ProfileWithEventsAsync(user, 1);

        var traceId = ActivityTraceId.CreateRandom();
        var predictions = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RecActivities.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (Equals(a.GetTagItem("rec.model"), model))
                {
                    predictions.Enqueue(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/users/{user}/recommendations?k=2&model={model}");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        using var response = await fixture.Http.SendAsync(request);

        response.EnsureSuccessStatusCode();
        var prediction = Assert.Single(predictions);
        Assert.Equal("rec.predict", prediction.OperationName);
        Assert.Equal(traceId, prediction.TraceId);
        Assert.Equal(1, prediction.GetTagItem("rec.version"));
    }
}
