using System.Net;
using System.Text;
using Orleans.Rec.Tools.Api;

namespace Orleans.Rec.Tests.Tools.Api;

public sealed class UploadSettingsTests
{
    [Fact]
    public async Task UploadVersionAsync_WithQuantizationAndCompression_SendsTheFieldsTheSizeAndReportsProgress()
    {
        var directory = Directory.CreateTempSubdirectory("rec-deploy-");
        try
        {
            var artifact = Path.Combine(directory.FullName, "model.onnx");
            var config = Path.Combine(directory.FullName, "config.json");
            await File.WriteAllBytesAsync(artifact, new byte[3000], CancellationToken.None);
            await File.WriteAllTextAsync(config, "{}", CancellationToken.None);
            var seen = new List<string>();
            var handler = new RecordingHandler(seen);
            var client = new RecApiClient(new HttpClient(handler), new Uri("http://gateway"));
            var sent = new List<long>();

            var result = await client.UploadVersionAsync("recommender", artifact, config, new UploadSettings
            {
                Quantization = "int8",
                Compression = "zstd",
                Progress = new SynchronousProgress(sent.Add),
            });

            Assert.True(result.Succeeded);
            Assert.Equal(new StoredArtifact(800, "zstd", "int8", 0.985, 10, "local-1"), result.Value.Manifest);
            Assert.Equal(["artifact:3000:", "config::", "quantization::int8", "compression::zstd"], seen);
            Assert.Equal(3000, sent[^1]);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }

    private sealed class RecordingHandler(List<string> seen) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            foreach (var part in (MultipartFormDataContent)request.Content!)
            {
                var text = part is StringContent ? await part.ReadAsStringAsync(cancellationToken) : "";
                await part.ReadAsByteArrayAsync(cancellationToken);
                var name = part.Headers.ContentDisposition?.Name;
                var length = name == "artifact" ? part.Headers.ContentLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
                seen.Add($"{name}:{length}:{text}");
            }

            return new HttpResponseMessage(HttpStatusCode.Created)
            {
                Content = new StringContent(
                    """{"model":"recommender","version":1,"state":"validated","manifest":{"ciphertextBytes":800,"compression":"zstd","quantization":"int8","agreement":0.985,"agreementK":10,"keyId":"local-1"}}""",
                    Encoding.UTF8,
                    "application/json"),
            };
        }
    }
}
