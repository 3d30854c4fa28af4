using System.Globalization;

namespace Orleans.Rec.Tools.Data;

/// <summary>
/// Reads Taobao <c>UserBehavior.csv</c>: no header, <c>user_id,item_id,category_id,behavior,unix_seconds</c>.
/// </summary>
public sealed class TaobaoReader(Func<TextReader> open) : LineEventReader(open)
{
    public override EventFormat Format => EventFormat.Taobao;

    public static TaobaoReader FromFile(string path) => new(() => new StreamReader(path));

    protected override InteractionEvent? Parse(string line)
    {
        var fields = line.Split(',');
        if (fields.Length != 5
            || fields[0].Length == 0
            || fields[1].Length == 0
            || !long.TryParse(fields[4], NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            || seconds < 0
            || seconds > 253402300799)
        {
            return null;
        }

        InteractionType? type = fields[3] switch
        {
            "pv" => InteractionType.View,
            "cart" => InteractionType.Cart,
            // The platform has no "favourite" event; a favourite is interest without intent to buy, closest to a view.
            "fav" => InteractionType.View,
            "buy" => InteractionType.Purchase,
            _ => null,
        };
        if (type is null)
        {
            return null;
        }

        var category = fields[2].Length == 0 ? null : fields[2];
        return new InteractionEvent(
            $"tb-{fields[0]}-{fields[1]}-{fields[3]}-{seconds}",
            fields[0],
            fields[1],
            type.Value,
            DateTimeOffset.FromUnixTimeSeconds(seconds),
            category);
    }
}
