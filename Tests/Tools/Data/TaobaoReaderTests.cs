using Orleans.Rec.Tools.Data;

namespace Orleans.Rec.Tests.Tools.Data;

public sealed class TaobaoReaderTests
{
    private const string Fixture = """
        1,2268318,2520377,pv,1511544070
        1,2333346,2520771,fav,1511561733
        2,2576651,149192,cart,1511572885
        3,3830808,4181361,buy,1511593493
        4,123,456,like,1511593493
        5,123,456,pv
        6,123,456,pv,yesterday
        """;

    [Fact]
    public void Read_WhenRowsAreValid_MapsBehavioursAndIds()
    {
        var reader = new TaobaoReader(() => new StringReader(Fixture));

        var events = reader.Read().ToList();

        Assert.Equal(
            [
                new InteractionEvent("tb-1-2268318-pv-1511544070", "1", "2268318", InteractionType.View, DateTimeOffset.FromUnixTimeSeconds(1511544070), "2520377"),
                new InteractionEvent("tb-1-2333346-fav-1511561733", "1", "2333346", InteractionType.View, DateTimeOffset.FromUnixTimeSeconds(1511561733), "2520771"),
                new InteractionEvent("tb-2-2576651-cart-1511572885", "2", "2576651", InteractionType.Cart, DateTimeOffset.FromUnixTimeSeconds(1511572885), "149192"),
                new InteractionEvent("tb-3-3830808-buy-1511593493", "3", "3830808", InteractionType.Purchase, DateTimeOffset.FromUnixTimeSeconds(1511593493), "4181361"),
            ],
            events);
    }

    [Fact]
    public void Read_WhenRowsAreMalformed_SkipsAndCountsThem()
    {
        var reader = new TaobaoReader(() => new StringReader(Fixture));

        var count = reader.Read().Count();

        Assert.Equal(4, count);
        Assert.Equal(3, reader.SkippedRows);
    }

    [Fact]
    public void Read_WhenReadTwice_GivesTheSameEventIds()
    {
        var reader = new TaobaoReader(() => new StringReader(Fixture));

        var first = reader.Read().Select(e => e.EventId).ToList();
        var second = reader.Read().Select(e => e.EventId).ToList();

        Assert.Equal(first, second);
    }
}
