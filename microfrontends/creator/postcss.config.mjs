import tailwindcss from '@tailwindcss/postcss';
import prefixSelector from 'postcss-prefix-selector';

/*
 * Every remote ships its own Tailwind build. Scoping its rules under its root element keeps them from
 * reordering the shell's or another remote's utilities (a later `.hidden` would beat an earlier
 * `sm:block`). The scope matches RemoteScope in src/components/remote-scope.tsx.
 */
export default {
  plugins: [tailwindcss(), prefixSelector({ prefix: '[data-mf="creator"]', includeFiles: [/src[\\/]app\.css$/] })],
};
