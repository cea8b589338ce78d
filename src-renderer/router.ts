import { createRouter, createWebHistory } from 'vue-router'
import HomeFaces from './home/HomeFaces.vue'

// History mode: every face has a plain URL (/kiosk, /display, /t/<token>) that a device can be pointed
// at or a QR code can carry; the hub answers those paths with index.html.
export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes: [{ path: '/', name: 'home', component: HomeFaces }],
})
