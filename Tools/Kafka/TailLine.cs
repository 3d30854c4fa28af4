using System.Globalization;
using System.Text;
using Confluent.Kafka;

namespace Orleans.Rec.Tools.Kafka;

/// <summary>One line of <c>rec tail</c> per message: <c>topic/partition/offset key value</c>, newlines in the value escaped.</summary>
public static class TailLine
{
    public const string KindHeader = Orleans.Rec.Push.KafkaRecommendationPublisher.KindHeader;

    public static string Format(ConsumeResult<byte[]?, byte[]?> message)
    {
        var key = message.Message.Key is { } k ? Encoding.UTF8.GetString(k) : "-";
        var value = message.Message.Value is { } v ? Encoding.UTF8.GetString(v).Replace("\n", "\\n", StringComparison.Ordinal) : "-";
        return string.Create(CultureInfo.InvariantCulture, $"{message.Topic}/{message.Partition.Value}/{message.Offset.Value} {key} {value}");
    }

    public static bool Matches(ConsumeResult<byte[]?, byte[]?> message, TailKind kind)
    {
        if (kind == TailKind.All)
        {
            return true;
        }

        var isPush = message.Message.Headers is { } headers && headers.TryGetLastBytes(KindHeader, out var bytes) && Encoding.UTF8.GetString(bytes) == "push";
        return kind == TailKind.Push ? isPush : !isPush;
    }
}
