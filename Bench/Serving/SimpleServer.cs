using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Orleans.Rec.Models;
using Orleans.Rec.Tools.Api;
using Orleans.Rec.Bench.Inference;
using Orleans.Rec.Tools.Onnx;

namespace Orleans.Rec.Bench.Serving;

/// <summary>
/// The simplest alternative a .NET shop would write: an ASP.NET Core minimal API with the same two endpoints,
/// user histories in a dictionary, and one shared ONNX Runtime session run per request (no batching, no Orleans).
/// </summary>
public sealed class SimpleServer : IBenchmarkCommand
{
    public string Name => "simple-server";

    public string Description => "the no-batching baseline server: --model DIR --urls URL";

    public async Task<int> RunAsync(string[] args)
    {
        var dir = InferenceBenchmark.Arg(args, "--model", "");
        var urls = InferenceBenchmark.Arg(args, "--urls", "http://127.0.0.1:5090");
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var config = JsonSerializer.Deserialize<ModelConfig>(await File.ReadAllTextAsync(Path.Combine(dir, "config.json")), json)!;
        var index = config.ItemIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i + 1L, StringComparer.Ordinal);
        using var session = new InferenceSession(Path.Combine(dir, "model.onnx"));
        var histories = new ConcurrentDictionary<string, List<long>>(StringComparer.Ordinal);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/health/ready", () => Results.Ok());
        app.MapPost("/v1/events", (EventBatch batch) =>
        {
            foreach (var e in batch.Events)
            {
                if (index.TryGetValue(e.ItemId, out var item))
                {
                    var history = histories.GetOrAdd(e.UserId, _ => []);
                    lock (history)
                    {
                        history.Add(item);
                        if (history.Count > config.HistoryLength)
                        {
                            history.RemoveAt(0);
                        }
                    }
                }
            }

            return Results.Accepted(null, new { accepted = batch.Events.Count });
        });
        app.MapGet("/v1/users/{userId}/recommendations", (string userId, int? k) =>
        {
            if (!histories.TryGetValue(userId, out var history))
            {
                return Results.Ok(new { userId, items = Array.Empty<object>() });
            }

            long[] input;
            lock (history)
            {
                input = [.. history];
            }

            using var historyValue = OrtValue.CreateTensorValueFromMemory(input, [1, input.Length]);
            using var kValue = OrtValue.CreateTensorValueFromMemory(new long[] { k ?? 10 }, [1]);
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, [RecommenderOnnxBuilder.HistoryInput, RecommenderOnnxBuilder.TopKInput], [historyValue, kValue], [RecommenderOnnxBuilder.ScoresOutput, RecommenderOnnxBuilder.ItemsOutput]);
            var scores = outputs[0].GetTensorDataAsSpan<float>();
            var items = outputs[1].GetTensorDataAsSpan<long>();
            var result = new object[items.Length];
            for (var i = 0; i < items.Length; i++)
            {
                result[i] = new { itemId = config.ItemIds[items[i] - 1], score = scores[i] };
            }

            return Results.Ok(new { userId, items = result });
        });
        await app.RunAsync();
        return 0;
    }
}
