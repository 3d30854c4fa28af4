using Orleans.Rec.Models;

namespace Orleans.Rec.Tests.Grains;

public sealed class LineageWalkTests
{
    [Fact]
    public void Walk_FromAVersion_GoesThroughEachParentToTheRoot() =>
        Assert.Equal([4, 2, 1], LineageWalk.Walk(4, Versions((1, null), (2, 1), (3, 1), (4, 2))).Select(v => v.Version));

    [Fact]
    public void Walk_WhenAParentIsMissing_EndsAtTheLastVersionKnown() =>
        Assert.Equal([3], LineageWalk.Walk(3, Versions((3, 9))).Select(v => v.Version));

    [Fact]
    public void Walk_WhenStoredStateLoops_StopsBeforeRepeating() =>
        Assert.Equal([1, 2], LineageWalk.Walk(1, Versions((1, 2), (2, 1))).Select(v => v.Version));

    [Fact]
    public void Walk_WhenTheVersionIsUnknown_IsEmpty() => Assert.Empty(LineageWalk.Walk(5, Versions((1, null))));

    private static Dictionary<int, ModelVersionInfo> Versions(params (int Version, int? Parent)[] versions) =>
        versions.ToDictionary(v => v.Version, v => new ModelVersionInfo
        {
            Model = "m",
            Version = v.Version,
            State = ModelVersionState.Validated,
            CreatedAt = DateTimeOffset.UnixEpoch,
            CreatedBy = "test",
            Parent = v.Parent,
            Relation = v.Parent is null ? null : LineageRelations.FineTuned,
        });
}
