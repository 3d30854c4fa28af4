using System.Net;
using System.Net.Http.Json;
using Microsoft.ML.OnnxRuntime;
using Orleans.Rec.Api.Contracts;
using Orleans.Rec.Tests.Infrastructure;
using Orleans.Rec.Tools.Models;

namespace Orleans.Rec.Tests.Api;

/// <summary>
/// Models in the shapes real exports have — int64 or int32 ids, with or without a length input, scores only or a
/// TopK in the graph (with a k input or a fixed K), a symbolic batch or one fixed to 1, and a GRU sequence model —
/// configured by the code of <c>rec init-config</c>, uploaded, activated and served through the real gateway: the
/// served top-k equals the model's own top-k, computed directly with an ONNX Runtime session for the same histories
/// (only purchases are excluded when serving, and these users have only viewed).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ExportedModelServingTests(ClusterFixture fixture)
{
    private const int Items = 30;
    private const int K = 5;

    /// <summary>Each user's views, oldest first, as model indices (1..Items).</summary>
    private static readonly long[][] Histories = [[3], [7, 21, 4], [12, 5, 30, 18, 9], [1, 2, 3, 4, 5, 6]];

    private readonly HttpClient _http = fixture.Http;

    public static TheoryData<ExportShape> Shapes =>
    [
        new ExportShape(),
        new ExportShape(IdType: "int32"),
        new ExportShape(WithLength: true),
        new ExportShape(IdType: "int32", WithLength: true),
        new ExportShape(Output: ExportOutput.TopKWithInput),
        new ExportShape(Output: ExportOutput.TopKFixed),
        new ExportShape(IdType: "int32", WithLength: true, Output: ExportOutput.TopKFixed),
        new ExportShape(FixedBatchOfOne: true),
        new ExportShape(FixedBatchOfOne: true, WithLength: true, Output: ExportOutput.TopKWithInput),
    ];

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Recommendations_FromAnExportedModel_AreTheModelsOwnTopK(ExportShape shape)
    {
        var artifact = ExportedModels.MeanEmbedding(Items, shape);

        var (model, catalog) = await DeployAsync(artifact, "export");

        await AssertServedEqualsDirectAsync(model, catalog, artifact, fixedLength: null);
        var status = await _http.GetFromJsonAsync<VersionStatusResponse>($"/v1/models/{model}/versions/1/status", ApiCalls.Json);
        Assert.All(status!.Silos, s => Assert.Equal(shape.FixedBatchOfOne, s.OneRequestPerRun));
        Assert.All(status.Silos.Where(s => s.OneRequestPerRun), s => Assert.Equal(1, s.Batching.MaxBatchSize));
    }

    [Fact]
    public async Task Recommendations_FromAGruSequenceModel_AreTheModelsOwnTopK()
    {
        const int length = 6;
        var artifact = ExportedModels.Gru(Items, length);

        var (model, catalog) = await DeployAsync(artifact, "gru");

        await AssertServedEqualsDirectAsync(model, catalog, artifact, fixedLength: length);
    }

    /// <summary>Configures the model as <c>rec init-config</c> does, uploads and activates it; returns its name and catalog.</summary>
    private async Task<(string Model, string[] Catalog)> DeployAsync(byte[] artifact, string prefix)
    {
        var model = ApiCalls.NewId(prefix);
        var catalog = Enumerable.Range(1, Items).Select(i => $"{model}-i{i}").ToArray();
        var (inputs, outputs) = OnnxGraphReader.Read(artifact);
        var assignment = ModelRoleAssigner.Assign(inputs, outputs);
        Assert.True(assignment.Complete, string.Join("; ", assignment.Questions.Concat(assignment.Problems)));
        var (config, problems) = ConfigDraft.Create(assignment, catalog);
        Assert.Empty(problems);

        using var upload = await _http.UploadAsync(model, artifact, config);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        await _http.ActivateAsync(model, 1);
        return (model, catalog);
    }

    private async Task AssertServedEqualsDirectAsync(string model, string[] catalog, byte[] artifact, int? fixedLength)
    {
        using var session = new InferenceSession(artifact);
        foreach (var history in Histories)
        {
            var user = ApiCalls.NewId("user");
            await _http.PostEventsAsync(history.Select(i => ApiCalls.View(user, catalog[i - 1])).ToArray());
            await _http.ProfileWithEventsAsync(user, history.Length);

            var served = await _http.RecommendAsync(user, K, model);

            var expected = DirectTopK(session, history, fixedLength);
            Assert.False(served.Fallback);
            Assert.Equal(expected.Select(e => catalog[e.Index - 1]), served.Items.Select(i => i.ItemId));
            Assert.Equal(expected.Select(e => e.Score), served.Items.Select(i => i.Score), new ToleranceComparer(1e-4f));
        }
    }

    /// <summary>The model's own top K for one history, run alone (batch of one), left-padded to the fixed length if the graph has one.</summary>
    private static List<(long Index, float Score)> DirectTopK(InferenceSession session, long[] history, int? fixedLength)
    {
        var width = fixedLength ?? history.Length;
        var padded = new long[width];
        history.CopyTo(padded, width - history.Length);
        var inputs = new Dictionary<string, OrtValue>(StringComparer.Ordinal);
        try
        {
            foreach (var (name, meta) in session.InputMetadata)
            {
                var int32 = meta.ElementDataType == Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int32;
                inputs[name] = (name, int32) switch
                {
                    ("k", _) => OrtValue.CreateTensorValueFromMemory(new long[] { K }, [1]),
                    ("lengths", false) => OrtValue.CreateTensorValueFromMemory(new long[] { history.Length }, [1]),
                    ("lengths", true) => OrtValue.CreateTensorValueFromMemory(new int[] { history.Length }, [1]),
                    (_, false) => OrtValue.CreateTensorValueFromMemory(padded, [1, width]),
                    (_, true) => OrtValue.CreateTensorValueFromMemory(padded.Select(i => (int)i).ToArray(), [1, width]),
                };
            }

            using var results = session.Run(new RunOptions(), inputs, session.OutputNames);
            var scores = results[0].GetTensorDataAsSpan<float>().ToArray();
            if (results.Count == 2)
            {
                var indices = results[1].GetTensorDataAsSpan<long>().ToArray();
                return indices.Zip(scores).Take(K).Select(p => (p.First, p.Second)).ToList();
            }

            return scores.Select((score, index) => ((long)index, score)).Skip(1)
                .OrderByDescending(p => p.score).Take(K).Select(p => (p.Item1, p.score)).ToList();
        }
        finally
        {
            foreach (var value in inputs.Values)
            {
                value.Dispose();
            }
        }
    }
}
