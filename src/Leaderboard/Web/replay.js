// Draws the practice episode of a submission: the track (a polyline with its width) and the car's poses, with play, pause and scrub.
(function () {
  const canvas = document.getElementById('replay');
  if (!canvas) return;
  const ctx = canvas.getContext('2d');
  function transform(data) {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const [x, y] of data.track) { minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y); }
    const pad = data.width * 2;
    const scale = Math.min(canvas.width / (maxX - minX + 2 * pad), canvas.height / (maxY - minY + 2 * pad));
    return { scale, x: (x) => (x - minX + pad) * scale, y: (y) => canvas.height - (y - minY + pad) * scale };
  }

  function draw(data, frame) {
    const t = transform(data);
    ctx.fillStyle = '#2d6b2d';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.lineJoin = 'round';
    ctx.strokeStyle = '#555';
    ctx.lineWidth = Math.max(2, data.width * t.scale);
    ctx.beginPath();
    data.track.forEach(([x, y], i) => i === 0 ? ctx.moveTo(t.x(x), t.y(y)) : ctx.lineTo(t.x(x), t.y(y)));
    ctx.closePath();
    ctx.stroke();
    ctx.strokeStyle = '#ffd400';
    ctx.lineWidth = 2;
    ctx.beginPath();
    for (let i = 0; i <= frame && i < data.poses.length; i++) {
      const [x, y] = data.poses[i];
      i === 0 ? ctx.moveTo(t.x(x), t.y(y)) : ctx.lineTo(t.x(x), t.y(y));
    }
    ctx.stroke();
    const pose = data.poses[Math.min(frame, data.poses.length - 1)];
    if (pose) {
      ctx.save();
      ctx.translate(t.x(pose[0]), t.y(pose[1]));
      ctx.rotate(-pose[2]);
      ctx.fillStyle = '#e22';
      const l = Math.max(6, 4 * t.scale), w = Math.max(3, 2 * t.scale);
      ctx.fillRect(-l / 2, -w / 2, l, w);
      ctx.restore();
    }
    return (frame * data.dt).toFixed(1) + ' s';
  }

  window.rllabReplay(canvas, (d) => d.poses.length, (d) => 1000 * d.dt, draw);
})();
