// Replays one game of a league match: per agent step the ball, both paddles and the score, with play, pause and scrub.
(function () {
  const canvas = document.getElementById('pong');
  if (!canvas) return;
  const ctx = canvas.getContext('2d');

  function draw(data, frame) {
    const sx = canvas.width / data.width, sy = canvas.height / data.height;
    const [bx, by, right, left, rs, ls] = data.frames[frame];
    ctx.fillStyle = '#904811';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = '#ececec';
    ctx.fillRect(0, 24 * sy, canvas.width, 10 * sy);
    ctx.fillRect(0, 194 * sy, canvas.width, 16 * sy);
    ctx.fillRect(bx * sx, by * sy, 2 * sx, 4 * sy);
    ctx.fillStyle = '#5cba5c';
    ctx.fillRect(140 * sx, right * sy, 4 * sx, 16 * sy);
    ctx.fillStyle = '#d5824a';
    ctx.fillRect(16 * sx, left * sy, 4 * sx, 16 * sy);
    ctx.font = Math.round(16 * sy) + 'px monospace';
    ctx.fillText(String(ls), 16 * sx, 20 * sy);
    ctx.fillStyle = '#5cba5c';
    ctx.fillText(String(rs), 96 * sx, 20 * sy);
    return 'step ' + frame + ' / ' + (data.frames.length - 1);
  }

  window.rllabReplay(canvas, (d) => d.frames.length, () => 1000 / 15, draw);
})();
