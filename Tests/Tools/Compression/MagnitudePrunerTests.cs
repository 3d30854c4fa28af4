using Orleans.Rec.Models;
using Orleans.Rec.Tools.Compression;
using Orleans.Rec.Tools.Onnx;

namespace Orleans.Rec.Tests.Tools.Compression;

public sealed class MagnitudePrunerTests
{
    [Fact]
    public void Prune_WhenHalfTheWeightsGo_ZeroesTheSmallestMagnitudesAndLeavesTheInputAlone()
    {
        float[] table = [0f, 0f, 0.5f, -0.1f, 0.3f, -2f];

        var pruned = MagnitudePruner.Prune(table, dims: 2, sparsity: 0.5);

        Assert.Equal([0f, 0f, 0.5f, 0f, 0f, -2f], pruned);
        Assert.Equal([0f, 0f, 0.5f, -0.1f, 0.3f, -2f], table);
        Assert.Equal(0.5, MagnitudePruner.Sparsity(pruned, dims: 2));
        Assert.Equal(0.0, MagnitudePruner.Sparsity(table, dims: 2));
    }

    [Fact]
    public void Prune_WhenMagnitudesTie_ZeroesTheEarlierPositionsFirst()
    {
        float[] table = [0f, 0f, 1f, -1f, 1f, 1f, 1f, 3f];

        var pruned = MagnitudePruner.Prune(table, dims: 2, sparsity: 0.5);

        Assert.Equal([0f, 0f, 0f, 0f, 0f, 1f, 1f, 3f], pruned);
    }

    [Fact]
    public void Prune_CountsWeightsThatAreAlreadyZeroAndRoundsTheTargetDown()
    {
        float[] table = [0f, 0f, 0f, 4f, 2f, 3f];

        // floor(0.7 × 4) = 2 zeros: the one already there and the smallest other.
        var pruned = MagnitudePruner.Prune(table, dims: 2, sparsity: 0.7);

        Assert.Equal([0f, 0f, 0f, 4f, 0f, 3f], pruned);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Prune_WhenTheSparsityIsOutOfRange_Throws(double sparsity)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MagnitudePruner.Prune([0f, 1f], dims: 1, sparsity));
    }

    [Fact]
    public void Prune_ShrinksTheArtifactAtRestOnceTheArtifactPipelineCompressesIt()
    {
        const int rows = 2_001, dims = 32;
        var random = new Random(7);
        var table = new float[rows * dims];
        for (var i = dims; i < table.Length; i++)
        {
            table[i] = (float)(random.NextDouble() * 2 - 1);
        }

        var dense = RecommenderOnnxBuilder.ToBytes(RecommenderOnnxBuilder.Build(table, rows, dims));
        var sparse = RecommenderOnnxBuilder.ToBytes(RecommenderOnnxBuilder.Build(MagnitudePruner.Prune(table, dims, 0.75), rows, dims));

        var denseStored = CompressionMeasurements.StoredBytes(dense, ArtifactQuantization.None, ArtifactCompression.Zstd);
        var sparseStored = CompressionMeasurements.StoredBytes(sparse, ArtifactQuantization.None, ArtifactCompression.Zstd);

        // Same file size, but three quarters of the table compress to almost nothing.
        Assert.Equal(dense.Length, sparse.Length);
        Assert.True(sparseStored < 0.5 * denseStored, $"pruned {sparseStored} bytes at rest vs dense {denseStored}");
    }
}
