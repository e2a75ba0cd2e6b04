// Async boundary: lets Module Federation settle the shared React before any module uses it.
import('./bootstrap.js');
