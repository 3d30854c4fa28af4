using Orleans.Rec.Models;
using Orleans.Rec.Tools.Models;

namespace Orleans.Rec.Tests.Tools.Models;

public sealed class ModelRoleAssignerTests
{
    private static readonly GraphTensor History = new("input_ids", "int64", [-1, -1], ["batch", "seq_len"]);
    private static readonly GraphTensor Scores = new("logits", "float32", [-1, 31], ["batch", null]);

    [Fact]
    public void Assign_WhenTheGraphHasOneHistoryAndOneScoreOutput_GivesEachItsRole()
    {
        var assignment = ModelRoleAssigner.Assign([History], [Scores]);

        Assert.True(assignment.Complete);
        Assert.Equal(new Dictionary<string, TensorRole> { ["input_ids"] = TensorRole.HistoryItemIds, ["logits"] = TensorRole.Scores }, assignment.Roles);
        Assert.False(assignment.OneRequestPerRun);
        Assert.Null(assignment.FixedHistoryLength);
    }

    [Fact]
    public void Assign_WhenTheGraphHasLengthKAndATopK_TellsLengthFromKByShapeAndName()
    {
        GraphTensor[] inputs = [new("item_seq", "int32", [-1, 50], ["batch", null]), new("item_seq_len", "int32", [-1], ["batch"]), new("k", "int64", [1], [null])];
        GraphTensor[] outputs = [new("top_scores", "float32", [-1, -1], ["batch", "k"]), new("top_items", "int64", [-1, -1], ["batch", "k"])];

        var assignment = ModelRoleAssigner.Assign(inputs, outputs);

        Assert.True(assignment.Complete);
        Assert.Equal(
            [TensorRole.HistoryItemIds, TensorRole.HistoryLength, TensorRole.TopK],
            inputs.Select(t => assignment.RoleOf(t.Name)!.Value));
        Assert.Equal([TensorRole.Scores, TensorRole.ItemIds], outputs.Select(t => assignment.RoleOf(t.Name)!.Value));
        Assert.Equal(50, assignment.FixedHistoryLength);
    }

    [Fact]
    public void Assign_WhenTwoInputsCouldBeTheHistory_AsksWhichNamingTheCandidatesAndTheFlag()
    {
        GraphTensor[] inputs = [History, new("positions", "int64", [-1, -1], ["batch", "seq_len"])];

        var assignment = ModelRoleAssigner.Assign(inputs, [Scores]);

        Assert.False(assignment.Complete);
        Assert.Equal(
            ["Which tensor is the history? Candidates: 'input_ids' (int64 [batch, seq_len]), 'positions' (int64 [batch, seq_len]). Choose with --history NAME."],
            assignment.Questions);
        Assert.Empty(assignment.Problems);
    }

    [Fact]
    public void Assign_WhenTheHistoryIsChosen_RefusesTheOtherInputItCannotFill()
    {
        GraphTensor[] inputs = [History, new("positions", "int64", [-1, -1], ["batch", "seq_len"])];

        var assignment = ModelRoleAssigner.Assign(inputs, [Scores], new RoleChoices { History = "input_ids" });

        Assert.Empty(assignment.Questions);
        Assert.Equal(
            ["input 'positions' (int64 [batch, seq_len]) has no role the platform can fill (it feeds only the history, its length and k); re-export the model without it, or with it folded into the graph"],
            assignment.Problems);
    }

    [Fact]
    public void Assign_WhenTheBatchIsFixedToOneAndARank1InputHasNoTellingName_AsksLengthOrK()
    {
        GraphTensor[] inputs = [new("x", "int64", [1, -1], [null, "seq"]), new("aux", "int64", [1], [null])];

        var assignment = ModelRoleAssigner.Assign(inputs, [Scores]);

        Assert.Equal(["Is input 'aux' (int64 [1]) the history's length or k? Choose with --length aux or --top-k aux."], assignment.Questions);
        Assert.True(assignment.OneRequestPerRun);
        Assert.Contains("the batch dimension is fixed to 1: the version is served without batching, one request per run (export with a dynamic batch axis to batch)", assignment.Notes);
    }

    [Fact]
    public void Assign_WhenTwoFloatOutputsCouldBeTheScores_AsksWhichAndTheChoiceSettlesIt()
    {
        GraphTensor[] outputs = [Scores, new("user_embedding", "float32", [-1, 64], ["batch", null])];

        var asked = ModelRoleAssigner.Assign([History], outputs);
        var chosen = ModelRoleAssigner.Assign([History], outputs, new RoleChoices { Scores = "logits" });

        Assert.Equal(["Which tensor is the scores? Candidates: 'logits' (float32 [batch, 31]), 'user_embedding' (float32 [batch, 64]). Choose with --scores NAME."], asked.Questions);
        Assert.True(chosen.Complete);
        Assert.Contains("output 'user_embedding' (float32 [batch, 64]) is not used", chosen.Notes);
    }

    [Fact]
    public void Assign_WhenAnInputIsAFloatFeature_SaysThePlatformCannotFillIt()
    {
        var assignment = ModelRoleAssigner.Assign([History, new("user_features", "float32", [-1, 16], ["batch", null])], [Scores]);

        Assert.Equal(
            ["input 'user_features' (float32 [batch, 16]) has no role the platform can fill (it feeds only the history, its length and k); re-export the model without it, or with it folded into the graph"],
            assignment.Problems);
    }

    [Fact]
    public void Assign_WhenKIsTakenButNoItemIdsAreGiven_SaysTheTopKIndicesAreNeeded()
    {
        var assignment = ModelRoleAssigner.Assign([History, new("top_k", "int64", [1], [null])], [Scores]);

        Assert.Equal(
            ["the graph takes k but has no item-id output: with a k input the platform needs the TopK's indices (int64 [batch, k]) beside its values"],
            assignment.Problems);
    }

    [Fact]
    public void ConfigDraft_WhenTheScoreWidthDoesNotFitTheCatalog_SaysBoth()
    {
        var assignment = ModelRoleAssigner.Assign([History], [Scores]);

        var (_, problems) = ConfigDraft.Create(assignment, ["a", "b"]);

        Assert.Equal(["output 'logits' scores 31 model indices (padding column 0 and 30 items), but the catalog lists 2 items"], problems);
    }

    [Fact]
    public void ConfigDraft_WhenTheBatchIsFixedToOne_WritesBatchesOfOneAndTheFixedLength()
    {
        var assignment = ModelRoleAssigner.Assign([new("x", "int64", [1, 20], [null, null])], [new("s", "float32", [1, 3], [null, null])]);

        var (config, problems) = ConfigDraft.Create(assignment, ["a", "b"]);

        Assert.Empty(problems);
        Assert.Equal((1, TimeSpan.Zero, 20), (config.Batching.MaxBatchSize, config.Batching.MaxQueueDelay, config.HistoryLength));
        Assert.Equal([1L, 20L], config.Signature.Inputs[0].Dims);
    }

    [Fact]
    public void ItemCatalogFile_ReadsTheFirstColumnInOrderSkippingAHeaderAndBlankLines()
    {
        Assert.Equal(["i9", "i3", "i7"], ItemCatalogFile.Parse(["itemId,title", "i9,Nine", "", "\"i3\",Three", "i7"]));
    }
}
