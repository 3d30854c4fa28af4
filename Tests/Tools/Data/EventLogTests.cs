using Orleans.Rec.Tools.Data;

namespace Orleans.Rec.Tests.Tools.Data;

public sealed class EventLogTests
{
    [Theory]
    [InlineData("session_id;user_id;item_id;timeframe;eventdate", EventFormat.Diginetica)]
    [InlineData("543462,1715,1464116,pv,1511658000", EventFormat.Taobao)]
    [InlineData("{\"session\":0,\"events\":[]}", EventFormat.Otto)]
    [InlineData("{\"eventId\":\"e1\",\"userId\":\"u\"}", EventFormat.Jsonl)]
    public void DetectFromFirstLine_WhenLineMatchesAFormat_ReturnsIt(string line, EventFormat expected)
    {
        Assert.Equal(expected, EventLog.DetectFromFirstLine(line));
    }

    [Theory]
    [InlineData("a,b,c")]
    [InlineData("{\"foo\":1}")]
    [InlineData(null)]
    public void DetectFromFirstLine_WhenLineMatchesNoFormat_ReturnsNull(string? line)
    {
        Assert.Null(EventLog.DetectFromFirstLine(line));
    }

    [Fact]
    public void DetectFormat_WhenFileNameIsKnown_UsesTheName()
    {
        Assert.Equal(EventFormat.Diginetica, EventLog.DetectFormat("/data/sample_train-item-views.csv"));
        Assert.Equal(EventFormat.Taobao, EventLog.DetectFormat("/data/UserBehavior.csv"));
    }
}
