using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace RlLab.Leaderboard.Tests;

/// <summary>`rllab serve` on loopback (real Kestrel): a chunked body over the cap and an upload the client aborts leave no bytes behind.</summary>
public sealed class ServeUploadProcessTests
{
    [Fact]
    public async Task Over_cap_chunked_and_aborted_uploads_leave_no_temp_file()
    {
        using var dir = new TempDir();
        string data = Path.Combine(dir.Path, "lb");
        int port = RllabProcess.FreePort();
        string token = RllabProcess.Run("serve", "user", "add", "alice", "--data", data).Trim();
        using var server = RllabProcess.Start("serve", "--data", data, "--urls", $"http://127.0.0.1:{port}", "--workers", "1");
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await RllabProcess.WaitUp(http);
            string bundles = Path.Combine(data, "bundles");

            // 17 MiB with no Content-Length (chunked): Kestrel stops it at the 16 MiB cap.
            var chunked = new StreamContent(new MemoryStream(new byte[17 << 20]));
            chunked.Headers.ContentLength = null;
            var req = new HttpRequestMessage(HttpMethod.Post, "/api/submissions?race=cartpole&name=big.safetensors") { Content = chunked };
            req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            req.Headers.TransferEncodingChunked = true;
            HttpStatusCode status;
            try { status = (await http.SendAsync(req)).StatusCode; }
            catch (HttpRequestException) { status = HttpStatusCode.RequestEntityTooLarge; } // the server may close before reading it all
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
            await NoTempFile(bundles);

            // Half of a declared megabyte, then the client goes away.
            using (var tcp = new TcpClient())
            {
                await tcp.ConnectAsync(IPAddress.Loopback, port);
                var stream = tcp.GetStream();
                await stream.WriteAsync(Encoding.ASCII.GetBytes(
                    $"POST /api/submissions?race=cartpole&name=cut.safetensors HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n" +
                    "Content-Type: application/octet-stream\r\nContent-Length: 1000000\r\n\r\n"));
                await stream.WriteAsync(new byte[500_000]);
                await stream.FlushAsync();
                await Task.Delay(300);
                Assert.NotEmpty(Directory.GetFiles(bundles, "upload-*.tmp")); // it was receiving
                tcp.Client.LingerState = new LingerOption(true, 0); // close with a reset, as a dead client does
            }
            await NoTempFile(bundles);
            Assert.Empty(Directory.GetFiles(bundles));

            // A 50 MB bundle through the client `rllab submit` uses: the server's reason, not "Error while copying content to a stream" (#27 item 15).
            string big = Path.Combine(dir.Path, "big.safetensors");
            using (var f = File.Create(big)) f.SetLength(50_000_000);
            using var client = Client.LeaderboardClient.For($"http://127.0.0.1:{port}", token);
            var refused = await Assert.ThrowsAsync<InvalidDataException>(() => client.SubmitAsync(big, "cartpole"));
            Assert.Equal("server: 413 the body is larger than the cap of 16777216 bytes", refused.Message);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            server.WaitForExit();
        }
    }

    static async Task NoTempFile(string bundles)
    {
        for (int i = 0; i < 50 && Directory.GetFiles(bundles, "upload-*.tmp").Length > 0; i++) await Task.Delay(100);
        Assert.Empty(Directory.GetFiles(bundles, "upload-*.tmp"));
    }
}
