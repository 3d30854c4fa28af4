using System.Globalization;
using Google.Protobuf;
using Orleans.Rec.Models;
using Orleans.Rec.Tools.Data;
using Orleans.Rec.Tools.Onnx;

namespace Orleans.Rec.Tests.Infrastructure;

/// <summary>
/// Real DIGINETICA sessions from <see cref="SharedData"/> (read in place, never copied), and a model that knows every
/// item they view (embeddings drawn from a fixed seed: the lists are not good, but they are exact and repeatable).
/// </summary>
public sealed class DigineticaSample
{
    public const string ViewsFile = "diginetica_sample/sample_train-item-views.csv";

    private DigineticaSample(string[] items, InteractionEvent[][] sessions)
    {
        Items = items;
        Sessions = sessions;
    }

    /// <summary>Every item viewed in the sample, in file order.</summary>
    public string[] Items { get; }

    /// <summary>The views of each session (DIGINETICA's session is the user), in time order, repeats of one event id dropped.</summary>
    public InteractionEvent[][] Sessions { get; }

    public static DigineticaSample Load()
    {
        var views = DigineticaReader.FromFile(SharedData.PathOf(ViewsFile)).Read()
            .Where(e => e.Type == InteractionType.View)
            .DistinctBy(e => e.EventId)
            .ToArray();
        var items = views.Select(e => e.ItemId).Distinct(StringComparer.Ordinal).ToArray();
        var sessions = views.GroupBy(e => e.UserId, StringComparer.Ordinal)
            .Select(g => g.OrderBy(e => e.Timestamp).ToArray())
            .ToArray();
        return new DigineticaSample(items, sessions);
    }

    /// <summary>The first <paramref name="count"/> sessions with at least <paramref name="minViews"/> views.</summary>
    public InteractionEvent[][] Users(int count, int minViews) => Sessions.Where(s => s.Length >= minViews).Take(count).ToArray();

    /// <summary>The ONNX model over <see cref="Items"/>: 8 dimensions, padding row zero.</summary>
    public byte[] Artifact()
    {
        const int dims = 8;
        var random = new Random(20161);
        var table = new float[(Items.Length + 1) * dims];
        for (var i = dims; i < table.Length; i++)
        {
            table[i] = (float)random.NextDouble() - 0.5f;
        }

        return RecommenderOnnxBuilder.Build(table, Items.Length + 1, dims).ToByteArray();
    }

    public ModelConfig Config() => TinyModel.Config(Items);

    /// <summary>The v1 event JSON of <paramref name="e"/> for <paramref name="userId"/>, its id prefixed by <paramref name="run"/>.</summary>
    public static string EventJson(InteractionEvent e, string userId, string run) =>
        $$"""{"eventId":"{{run}}-{{e.EventId}}","userId":"{{userId}}","itemId":"{{e.ItemId}}","type":"view","timestamp":"{{e.Timestamp.ToString("O", CultureInfo.InvariantCulture)}}"}""";
}
