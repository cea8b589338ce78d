import { createRouter, createWebHistory } from 'vue-router'

// History mode: every face has a plain URL (/kiosk, /display, /t/<token>) that a device can be pointed
// at or a QR code can carry; the hub answers those paths with index.html.
export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes: [
    { path: '/', name: 'home', component: () => import('./home/HomeFaces.vue') },
    { path: '/kiosk', name: 'kiosk', component: () => import('./kiosk/KioskFace.vue') },
    { path: '/consultant', name: 'consultant', component: () => import('./consultant/ConsultantFace.vue') },
    { path: '/display', name: 'display', component: () => import('./display/DisplayFace.vue') },
    {
      path: '/desk/sms-outbox',
      name: 'sms-outbox',
      component: () => import('./registration/RegistrationSmsOutboxFace.vue'),
    },
    { path: '/supervisor', name: 'supervisor', component: () => import('./supervisor/SupervisorFace.vue') },
    {
      path: '/supervisor/reports',
      name: 'supervisor-reports',
      component: () => import('./supervisor/SupervisorReportsFace.vue'),
    },
    { path: '/admin', name: 'admin', component: () => import('./admin/AdminFace.vue') },
    { path: '/pair', name: 'pair', component: () => import('./pair/PairFace.vue') },
    { path: '/t/:token', name: 'track', component: () => import('./track/TrackFace.vue'), props: true },
    { path: '/book', name: 'book', component: () => import('./book/BookFace.vue') },
    { path: '/join', name: 'join', component: () => import('./join/JoinFace.vue') },
    {
      path: '/book/manage/:token',
      name: 'book-manage',
      component: () => import('./book/BookManageFace.vue'),
      props: true,
    },
  ],
})
