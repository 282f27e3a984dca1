using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using RlLab.Leaderboard.Client;
using RlLab.Leaderboard.Evaluation;
using RlLab.Leaderboard.Security;
using RlLab.Leaderboard.Storage;

namespace RlLab.Leaderboard.Tests;

/// <summary>Names cannot rewrite a terminal or a page, nor pose as another user.</summary>
public sealed class NameTests
{
    [Theory]
    [InlineData("\u001b[2J\u001b[41mowned", "U+001B")]  // ESC: clears the screen, recolours
    [InlineData("ecila\u202E", "U+202E")]              // right-to-left override
    [InlineData("bob\u200Bby", "U+200B")]              // zero-width space (format)
    [InlineData("two\u2028lines", "U+2028")]           // line separator
    [InlineData("tab\there", "U+0009")]
    [InlineData("", "empty")]
    [InlineData(" alice", "space")]
    [InlineData("abcdefghijklmnopqrstuvwxyzabcdefg", "at most 32")]
    public void A_bad_user_name_is_refused_with_its_reason(string name, string reason)
    {
        using var dir = new TempDir();
        var users = new UserStore(new Database(dir.Path));
        var e = Assert.Throws<ArgumentException>(() => users.Add(name));
        Assert.Contains(reason, e.Message);
        Assert.DoesNotContain("\u001b", e.Message);
    }

    [Theory]
    [InlineData("alice", "\u0430lice")]       // Cyrillic а
    [InlineData("alice", "AL\u0399CE")]       // Greek capital iota
    [InlineData("paypal", "p\u0430yp\u0430l")]
    [InlineData("bob", "B\u03BF\u0432")]      // Greek ο, Cyrillic в
    [InlineData("modern", "rnodern")]
    [InlineData("jos\u00e9", "jose\u0301")]   // the same name, decomposed
    public void A_name_that_looks_like_an_existing_user_is_refused(string existing, string lookalike)
    {
        using var dir = new TempDir();
        var users = new UserStore(new Database(dir.Path));
        users.Add(existing);
        var e = Assert.Throws<ArgumentException>(() => users.Add(lookalike));
        Assert.Contains(existing, e.Message);
        users.Add(existing + "2"); // a different name is fine
    }

    [Fact]
    public void Names_are_stored_in_NFC()
    {
        Assert.Equal("jos\u00e9", Names.Check("jose\u0301", "a user name", Names.MaxUser));
        Assert.NotEqual(Names.Skeleton("alice"), Names.Skeleton("alive"));
    }

    [Fact]
    public void Terminal_text_loses_every_control_format_and_bidi_character()
    {
        Assert.Equal("?[2J?[41mx ?y?z?", TerminalText.Clean("\u001b[2J\u001b[41mx \u202Ey\u200Bz\u0007"));
        Assert.Equal("plain name", TerminalText.Clean("plain name"));
        Assert.Equal("?]0;title?", TerminalText.Clean("\u001b]0;title\u0007"));
    }

    [Fact]
    public async Task An_agent_name_with_escape_codes_is_refused_before_the_body_is_read()
    {
        using var dir = new TempDir();
        using var factory = new LeaderboardFactory(new LeaderboardOptions(dir.Path, ["false"])
        {
            Workers = 0, Validator = new PrefixValidator(), Races = Agents.SmallRaces, Sandbox = Sandbox.None(), MinFreeBytes = 0,
        });
        var http = factory.CreateClient();
        string token = factory.Services.GetRequiredService<UserStore>().Add("alice");
        var r = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/submissions?race=cartpole&name=%1B%5B2J%1B%5B41mx.safetensors")
        {
            Content = new ByteArrayContent("GOOD1"u8.ToArray()), Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("U+001B", await r.Content.ReadAsStringAsync());
        Assert.Empty(Directory.GetFiles(Path.Combine(dir.Path, "bundles")));
    }
}
