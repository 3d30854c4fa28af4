using Orleans.Rec.Artifacts;

namespace Orleans.Rec.Tests.Artifacts;

public sealed class ArtifactUploadBufferTests
{
    [Fact]
    public void Complete_WhenSizeWasAnnounced_ReturnsTheOneArrayFilledInOrder()
    {
        var buffer = new ArtifactUploadBuffer(5);

        Assert.True(buffer.TryAppend([1, 2]));
        Assert.True(buffer.TryAppend([3, 4, 5]));
        Assert.False(buffer.TryAppend([6]));

        Assert.Equal([1, 2, 3, 4, 5], buffer.Complete());
    }

    [Fact]
    public void Complete_WhenAnnouncedSizeWasNotReached_ReturnsNull()
    {
        var buffer = new ArtifactUploadBuffer(5);
        buffer.TryAppend([1, 2]);

        Assert.Null(buffer.Complete());
    }

    [Fact]
    public void Complete_WhenSizeWasUnknown_JoinsTheChunks()
    {
        var buffer = new ArtifactUploadBuffer(null);
        buffer.TryAppend([1, 2]);
        buffer.TryAppend([]);
        buffer.TryAppend([3]);

        Assert.Equal(3, buffer.Length);
        Assert.Equal([1, 2, 3], buffer.Complete());
    }
}
