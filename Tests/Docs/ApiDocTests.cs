using System.Text.Json;
using Orleans.Rec.Tests.Infrastructure;

namespace Orleans.Rec.Tests.Docs;

/// <summary>docs/api.md against the OpenAPI document the gateway serves (<c>/openapi/v1.json</c>).</summary>
[Collection(ClusterCollection.Name)]
public sealed class ApiDocTests(ClusterFixture fixture)
{
    private const string ApiDoc = "docs/api.md";
    private const string Documented = "Endpoints in the OpenAPI document";
    private const string Undocumented = "Endpoints outside the OpenAPI document";

    [Fact]
    public async Task ApiDoc_WhenComparedWithTheOpenApiDocument_ListsExactlyItsOperations()
    {
        var served = await OpenApiOperationsAsync();

        var listed = Operations(MarkdownDoc.TableRows(MarkdownDoc.Read(ApiDoc), Documented));

        Assert.Empty(served.Except(listed, StringComparer.Ordinal));
        Assert.Empty(listed.Except(served, StringComparer.Ordinal));
        Assert.Equal(served.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ApiDoc_EndpointsOutsideTheOpenApiDocument_AreNotInIt()
    {
        var served = await OpenApiOperationsAsync();

        var listed = Operations(MarkdownDoc.TableRows(MarkdownDoc.Read(ApiDoc), Undocumented));

        Assert.NotEmpty(listed);
        Assert.Empty(listed.Intersect(served));
    }

    private async Task<List<string>> OpenApiOperationsAsync()
    {
        using var response = await fixture.Http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(operation => operation.Name is "get" or "put" or "post" or "delete" or "patch" or "head" or "options")
                .Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name}"))
            .ToList();
    }

    /// <summary>"METHOD /path" of each row: the method cell, then the path's one code span.</summary>
    private static List<string> Operations(IReadOnlyList<IReadOnlyList<string>> rows) =>
        rows.Select(row => $"{MarkdownDoc.SingleCode(row[0])} {MarkdownDoc.SingleCode(row[1])}").ToList();
}
