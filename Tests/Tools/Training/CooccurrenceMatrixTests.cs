using Orleans.Rec.Tools.Training;

namespace Orleans.Rec.Tests.Tools.Training;

public sealed class CooccurrenceMatrixTests
{
    [Fact]
    public void Build_WhenItemsShareContexts_GivesCosineNormalisedCounts()
    {
        int[][] contexts = [[0, 1, 2], [1, 2], [2, 3], [3]];

        var matrix = CooccurrenceMatrix.Build(contexts, 4);

        Assert.Equal([1, 2, 3, 2], matrix.ContextCounts);
        Assert.Equal((float)(1 / Math.Sqrt(2)), matrix[0, 1]);
        Assert.Equal((float)(1 / Math.Sqrt(3)), matrix[0, 2]);
        Assert.Equal((float)(2 / Math.Sqrt(6)), matrix[1, 2]);
        Assert.Equal((float)(1 / Math.Sqrt(6)), matrix[2, 3]);
        Assert.Equal(0f, matrix[0, 3]);
        Assert.Equal(1f, matrix[3, 3]);
        Assert.Equal(matrix[2, 1], matrix[1, 2]);
        Assert.Equal(8, matrix.NonZeros);
    }

    [Fact]
    public void Split_WhenSequenceIsLongerThanTheWindow_CutsChunksOfDistinctItems()
    {
        int[][] sequences = [[5, 3, 5, 1, 2], [7]];

        var contexts = ItemContexts.Split(sequences, 3).ToList();

        Assert.Equal([[3, 5], [1, 2], [7]], contexts);
    }
}
