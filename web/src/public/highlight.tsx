/** Renders highlight pieces from the server: plain text, hits in <mark>. No HTML is ever injected. */
import type { Piece } from "./kb-types.ts";

export function Highlighted({ pieces }: { pieces: Piece[] }) {
  return (
    <>
      {pieces.map((p, i) =>
        p.hit ? (
          <mark key={i} className="kb-hit">
            {p.text}
          </mark>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}
