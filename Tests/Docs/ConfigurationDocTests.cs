using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using Orleans.Rec.Alerts;
using Orleans.Rec.Api.Infrastructure;
using Orleans.Rec.Api.Infrastructure.Auth;
using Orleans.Rec.Artifacts;
using Orleans.Rec.Inference;
using Orleans.Rec.Monitoring;
using Orleans.Rec.Profiles;
using Orleans.Rec.Silo;
using Orleans.Rec.Storage;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Docs;

/// <summary>docs/configuration.md against the options classes and the keys the code reads one by one.</summary>
public sealed partial class ConfigurationDocTests
{
    private const string ConfigurationDoc = "docs/configuration.md";
    private const string Heading = "Keys";

    /// <summary>Every options class bound to a configuration section; its section is its <c>SectionName</c> constant.</summary>
    private static readonly Type[] OptionsTypes =
    [
        typeof(RecOptions), typeof(ApiOptions), typeof(AuthOptions), typeof(ClusterSettings), typeof(AzureStorageSettings),
        typeof(StreamingSettings), typeof(KafkaSettings), typeof(RedisSettings), typeof(ArtifactOptions), typeof(AlertOptions),
        typeof(LogGrainStorageOptions), typeof(InferenceOptions), typeof(MonitoringOptions), typeof(ProfileOptions),
        typeof(PopularityOptions), typeof(Orleans.Rec.Push.PushOptions), typeof(ClusterTlsSettings),
    ];

    /// <summary>Keys read one by one, not through an options class of ours.</summary>
    private static readonly string[] SingleKeys =
    [
        RecProfiles.Key, ProfileStoreSettings.Key, SiloTelemetry.HttpUrlKey, SiloListeners.ServeApiKey,
        RecTelemetry.TraceSampleRatioKey, RecTelemetry.OtlpEndpointKey, "ASPNETCORE_URLS",

        // Orleans' ClusterMembershipOptions, bound whole under Rec:Cluster:Membership.
        RecClusterProfileExtensions.MembershipSection + ":*",
    ];

    [Fact]
    public void ConfigurationDoc_ListsEveryKeyTheCodeReads_OnceAndNothingElse()
    {
        var expected = OptionsTypes.SelectMany(type => Keys(SectionName(type), type)).Concat(SingleKeys).ToList();

        var listed = MarkdownDoc.TableRows(MarkdownDoc.Read(ConfigurationDoc), Heading).Select(row => MarkdownDoc.SingleCode(row[0])).ToList();

        Assert.Empty(expected.Except(listed, StringComparer.Ordinal));
        Assert.Empty(listed.Except(expected, StringComparer.Ordinal));
        Assert.Equal(expected.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void OptionsBindings_InTheSourceTree_AreAllKnownToThisTest()
    {
        var known = OptionsTypes.Select(type => $"{type.Name}.SectionName").Append("MembershipSection").ToHashSet(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var file in SourceFiles())
        {
            foreach (Match binding in Binding().Matches(File.ReadAllText(file)))
            {
                // Inside an options class its own section needs no type name.
                var section = binding.Groups[1].Value.Trim();
                if (!known.Contains(section) && !known.Contains($"{Path.GetFileNameWithoutExtension(file)}.{section}"))
                {
                    unknown.Add($"{Path.GetRelativePath(Repository.Root, file)}: {binding.Value}");
                }
            }
        }

        Assert.Empty(unknown);
    }

    [Fact]
    public void ConfigurationKeyLiterals_InTheSourceTree_AreSectionsOrKnownKeys()
    {
        var sections = OptionsTypes.Select(SectionName).ToHashSet(StringComparer.Ordinal);
        var keys = OptionsTypes.SelectMany(type => Keys(SectionName(type), type)).Concat(SingleKeys).ToHashSet(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var file in SourceFiles())
        {
            foreach (Match literal in KeyLiteral().Matches(File.ReadAllText(file)))
            {
                var key = literal.Groups[1].Value;
                if (!sections.Contains(key) && !keys.Contains(key))
                {
                    unknown.Add($"{Path.GetRelativePath(Repository.Root, file)}: {key}");
                }
            }
        }

        Assert.Empty(unknown);
    }

    private static string SectionName(Type type) =>
        type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string
        ?? throw new InvalidOperationException($"{type.Name} has no SectionName constant.");

    /// <summary>
    /// The keys the configuration binder fills: public settable properties (nested options classes walked, dictionaries
    /// as <c>Name:*</c>, arrays and lists as their own key).
    /// </summary>
    private static IEnumerable<string> Keys(string prefix, Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var key = $"{prefix}:{property.Name}";
            var propertyType = property.PropertyType;
            if (propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() == typeof(Dictionary<,>))
            {
                yield return key + ":*";
            }
            else if (property.SetMethod is not { IsPublic: true })
            {
                continue;
            }
            else if (propertyType.IsClass && propertyType != typeof(string) && propertyType != typeof(Uri) && !typeof(IEnumerable).IsAssignableFrom(propertyType))
            {
                foreach (var nested in Keys(key, propertyType))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return key;
            }
        }
    }

    /// <summary>The product's source: every .cs file outside tests, benchmarks and build outputs.</summary>
    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(Repository.Root, "*.cs", SearchOption.AllDirectories)
            .Where(file =>
            {
                var parts = Path.GetRelativePath(Repository.Root, file).Split(Path.DirectorySeparatorChar);
                return !parts[0].StartsWith("Tests", StringComparison.Ordinal) && parts[0] != "Bench" && !parts[0].StartsWith('.')
                    && !parts.Contains("bin") && !parts.Contains("obj");
            })
            .Order(StringComparer.Ordinal);

    [GeneratedRegex(@"(?:BindConfiguration|GetSection)\(([^)]*)\)")]
    private static partial Regex Binding();

    [GeneratedRegex(@"""(Rec(?::[A-Za-z]+)*)""")]
    private static partial Regex KeyLiteral();
}
