using Orleans.Rec.Tools.Training;

namespace Orleans.Rec.Tests.Tools.Training;

public sealed class CooccurrenceEmbeddingTrainerTests
{
    private static readonly string[] ItemIds = ["a", "b", "c", "d", "e"];

    // Item 4 ("e") never occurs; "c" is the most frequent.
    private static readonly int[][] Sequences = [[0, 1, 2], [1, 2], [2, 3], [3, 2], [0]];

    [Fact]
    public void Train_WhenRunTwiceWithTheSameSeed_GivesTheSameTableBitForBit()
    {
        var options = new TrainingOptions { Dimensions = 3, Seed = 7 };

        var first = new CooccurrenceEmbeddingTrainer(options).Train(Sequences, ItemIds);
        var second = new CooccurrenceEmbeddingTrainer(options).Train(Sequences, ItemIds);
        var otherSeed = new CooccurrenceEmbeddingTrainer(options with { Seed = 8 }).Train(Sequences, ItemIds);

        Assert.Equal(first.ItemIds, second.ItemIds);
        Assert.Equal(first.Table, second.Table);
        Assert.NotEqual(first.Table, otherSeed.Table);
    }

    [Fact]
    public void Train_WhenItemsOccur_OrdersThemByFrequencyAndLeavesPaddingZero()
    {
        var model = new CooccurrenceEmbeddingTrainer(new TrainingOptions { Dimensions = 4 }).Train(Sequences, ItemIds);

        Assert.Equal(["c", "a", "b", "d"], model.ItemIds);
        Assert.Equal(5, model.Rows);
        Assert.Equal(new float[4], model.Table[..4]);
    }

    [Fact]
    public void Train_WhenDimensionsCoverAllContexts_DotProductsEqualCosineCooccurrence()
    {
        // Four multi-item contexts fit in one group of eight orthogonal vectors: the projection is exact.
        var model = new CooccurrenceEmbeddingTrainer(new TrainingOptions { Dimensions = 8 }).Train(Sequences, ItemIds);
        var vocabulary = ItemVocabulary.FromSequences(Sequences, ItemIds.Length);
        var contexts = ItemContexts.Split(Sequences.Select(vocabulary.Remap), 50);
        var matrix = CooccurrenceMatrix.Build(contexts, vocabulary.Count);

        for (var i = 0; i < vocabulary.Count; i++)
        {
            for (var j = 0; j < vocabulary.Count; j++)
            {
                double dot = 0;
                for (var r = 0; r < 8; r++)
                {
                    dot += model.Table[(i + 1) * 8 + r] * model.Table[(j + 1) * 8 + r];
                }

                // "a" (model index 1) also sits in a one-item context, which carries no vector: its self product is 1/2.
                var expected = i == j && i == 1 ? 0.5 : matrix[i, j];
                Assert.Equal(expected, dot, 5);
            }
        }
    }
}
