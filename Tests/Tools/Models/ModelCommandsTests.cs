using System.Text.Json;
using Orleans.Rec.Models;
using Orleans.Rec.Tests.Infrastructure;
using Orleans.Rec.Validation;

namespace Orleans.Rec.Tests.Tools.Models;

/// <summary><c>rec inspect</c> and <c>rec init-config</c> as a user runs them: the real tool, as a process.</summary>
public sealed class ModelCommandsTests : IDisposable
{
    private readonly TempDirectory _dir = new("rec-byo");

    [Fact]
    public async Task Inspect_WhenTheBatchIsFixedToOne_PrintsEachTensorWithItsRoleAndSaysItIsNotBatched()
    {
        var path = Path.Combine(_dir.Path, "model.onnx");
        await File.WriteAllBytesAsync(path, ExportedModels.MeanEmbedding(5, new ExportShape(IdType: "int32", WithLength: true, FixedBatchOfOne: true)));

        var output = await ChildProcess.RunAsync("dotnet", [Repository.RecTool, "inspect", path], TimeSpan.FromMinutes(1));

        Assert.Matches(@"input_ids\s*[│|]\s*int32\s*[│|]\s*\[1, seq_len\]\s*[│|]\s*historyItemIds", output);
        Assert.Matches(@"lengths\s*[│|]\s*int32\s*[│|]\s*\[1\]\s*[│|]\s*historyLength", output);
        Assert.Matches(@"scores\s*[│|]\s*float32\s*[│|]\s*\[1, 6\]\s*[│|]\s*scores", output);
        Assert.Contains("Servable: one request per run (batch dimension fixed to 1).", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitConfig_WhenTheGraphIsAmbiguous_AsksAndWritesNothing()
    {
        var path = Path.Combine(_dir.Path, "model.onnx");
        await File.WriteAllBytesAsync(path, ExportedModels.MeanEmbedding(5, new ExportShape(FixedBatchOfOne: true, WithLength: true)));
        var model = global::Onnx.ModelProto.Parser.ParseFrom(await File.ReadAllBytesAsync(path));
        model.Graph.Input[1].Name = "aux";
        foreach (var node in model.Graph.Node)
        {
            for (var i = 0; i < node.Input.Count; i++)
            {
                node.Input[i] = node.Input[i] == "lengths" ? "aux" : node.Input[i];
            }
        }

        await File.WriteAllBytesAsync(path, Google.Protobuf.MessageExtensions.ToByteArray(model));
        var items = Path.Combine(_dir.Path, "items.csv");
        await File.WriteAllLinesAsync(items, ["a", "b", "c", "d", "e"]);

        using var child = ChildProcess.Start("dotnet", [Repository.RecTool, "init-config", path, "--items", items]);
        var code = await child.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(1, code);
        Assert.Contains("question: Is input 'aux' (int64 [1]) the history's length or k? Choose with --length aux or --top-k aux.", child.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir.Path, "config.json")));

        await ChildProcess.RunAsync("dotnet", [Repository.RecTool, "init-config", path, "--items", items, "--length", "aux"], TimeSpan.FromMinutes(1));
        var config = JsonSerializer.Deserialize<ModelConfig>(await File.ReadAllTextAsync(Path.Combine(_dir.Path, "config.json")), ApiCalls.Json)!;
        Assert.Empty(ModelConfigRules.Check(config));
        Assert.Equal(["a", "b", "c", "d", "e"], config.ItemIds);
        Assert.Equal([TensorRole.HistoryItemIds, TensorRole.HistoryLength], config.Signature.Inputs.Select(i => i.Role));
        Assert.Equal(1, config.Batching.MaxBatchSize);
    }

    [Fact]
    public async Task Upload_WhenAParentHasNoRelation_RefusesTheCommandLineBeforeSending()
    {
        await File.WriteAllBytesAsync(Path.Combine(_dir.Path, "model.onnx"), [1]);
        await File.WriteAllTextAsync(Path.Combine(_dir.Path, "config.json"), "{}");

        using var child = ChildProcess.Start("dotnet", [Repository.RecTool, "upload", "--api", "http://127.0.0.1:9", "--parent", "3", _dir.Path]);
        var code = await child.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(2, code);
        Assert.Contains("--parent and --relation go together: the version it was made from, and how.", child.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
